-- One row per (indicator, target) with the actuals the status rules need: the baseline (latest current national
-- actual at or before the baseline year), the latest actual and the actual of the target's end year, all as of
-- $as_of. A figure given only as a range is read conservatively: low end for higher_better, high end otherwise.
-- series is the indicator's whole national series as of $as_of (etl.status.judge picks its points from it);
-- noted_breaks are the years whose actual carries a note that the series changed there.
WITH ind AS (
    -- Only indicators with a target (of the sector asked for) matter: their actuals are all the query reads.
    SELECT * FROM read_parquet($dir || '/indicators.parquet')
    WHERE indicator_id IN (SELECT indicator_id FROM read_parquet($dir || '/targets.parquet'))
      AND ($sector IS NULL OR sector_id = $sector)
),
national AS (
    SELECT a.indicator_id, a.year,
           coalesce(a.actual_value,
                    CASE WHEN i.direction = 'higher_better' THEN a.actual_low ELSE a.actual_high END) AS value,
           a.actual_value IS NULL AS from_range,
           regexp_matches(coalesce(a.note, ''), '(?i)series break|definition change|implausible jump|đổi định nghĩa')
               AS noted_break
    FROM read_parquet($dir || '/actuals/*.national.parquet') AS a
    JOIN ind AS i USING (indicator_id)
    WHERE a.is_current AND a.province IS NULL AND a.year <= $as_of
),
latest AS (
    SELECT indicator_id, max_by(year, year) AS latest_year, max_by(value, year) AS latest_value,
           max_by(from_range, year) AS latest_from_range, count(*) AS n_actuals,
           list(struct_pack(year := year, value := value, from_range := from_range) ORDER BY year) AS series,
           coalesce(list(year ORDER BY year) FILTER (WHERE noted_break), []) AS noted_breaks
    FROM national
    GROUP BY indicator_id
),
tgt AS (
    SELECT t.*,
           -- A single-year growth target without a stated baseline is measured on the year before.
           coalesce(t.baseline_year,
                    CASE WHEN t.comparator = 'growth' AND t.period_start = t.period_end THEN t.period_end - 1 END)
               AS effective_baseline_year
    FROM read_parquet($dir || '/targets.parquet') AS t
    WHERE t.kind = 'target'  -- projections and aspirations are context, never judged
)
SELECT t.target_id, t.indicator_id, i.sector_id, i.name_vi, i.name_en, i.unit, i.unit_en, i.direction, i.value_type,
       t.period_start, t.period_end, t.comparator, t.target_value, t.target_low, t.target_high, t.is_draft,
       t.has_conflict, t.conflicts_with, t.source_doc, t.source_line, t.source_quote, t.note, t.note_vi,
       t.effective_baseline_year AS baseline_year,
       b.year AS baseline_actual_year, b.value AS baseline_value, b.from_range AS baseline_from_range,
       l.latest_year, l.latest_value, l.latest_from_range, coalesce(l.n_actuals, 0) AS n_actuals,
       l.series, l.noted_breaks, d.priority AS doc_priority,
       e.value AS end_value, e.from_range AS end_from_range
FROM tgt AS t
JOIN ind AS i USING (indicator_id)
LEFT JOIN latest AS l USING (indicator_id)
LEFT JOIN read_parquet($dir || '/documents.parquet') AS d ON d.source_doc = t.source_doc
LEFT JOIN national AS e ON e.indicator_id = t.indicator_id AND e.year = t.period_end
LEFT JOIN LATERAL (
    SELECT n.year, n.value, n.from_range
    FROM national AS n
    WHERE n.indicator_id = t.indicator_id AND n.year <= t.effective_baseline_year
    ORDER BY n.year DESC
    LIMIT 1
) AS b ON true
WHERE $sector IS NULL OR i.sector_id = $sector
ORDER BY i.sector_id, t.indicator_id, t.period_end, t.period_start, t.target_id
