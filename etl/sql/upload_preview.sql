-- Preview of an upload: every clean uploaded row (registered view `upload`) against the current published value of
-- its key, as new / changed / unchanged, with the indicator's name and unit, the published values of the
-- neighbouring years (same indicator and province) and a plausibility flag.
-- Unchanged = value and is_estimate equal (floats compared exactly as stored); the note counts only against an
-- uploaded value (a missing note equals an empty one): the catalog's curation note of a document value does not.
-- Plausibility: 'fraction' = a % indicator given as a share of 1 (0.732) where the published series is >= 5;
-- 'jump' = x10 or more (or /10) against the old value or a neighbouring year of a positive series.
-- $dir is the resolved version directory.
WITH current_values AS (
    SELECT indicator_id, year, province, actual_value, is_estimate, note, batch_id, source_doc, origin
    FROM read_parquet($dir || '/actuals/*.parquet')
    WHERE is_current
      -- Only the series the upload touches (same indicator and place): a large warehouse is not read whole.
      AND (indicator_id, coalesce(province, '')) IN (SELECT indicator_id, coalesce(province, '') FROM upload)
),
indicators AS (
    SELECT indicator_id, name_vi, name_en, unit, unit_en, value_type, min_value
    FROM read_parquet($dir || '/indicators.parquet')
),
joined AS (
    SELECT u.row_no, u.indicator_id, u.year, u.province, u.actual_value, u.is_estimate, u.note,
           CASE
               WHEN c.indicator_id IS NULL THEN 'new'
               WHEN c.actual_value IS NOT DISTINCT FROM u.actual_value
                    AND c.is_estimate IS NOT DISTINCT FROM u.is_estimate
                    AND (c.origin = 'document' OR coalesce(c.note, '') = coalesce(u.note, '')) THEN 'unchanged'
               ELSE 'changed'
           END AS change,
           c.actual_value AS old_value, c.is_estimate AS old_is_estimate, c.note AS old_note,
           c.batch_id AS old_batch_id, c.source_doc AS old_source_doc, c.origin AS old_origin,
           i.name_vi AS indicator_name_vi, i.name_en AS indicator_name_en, i.unit, i.unit_en, i.value_type,
           i.min_value, coalesce(u.province, '') AS place
    FROM upload AS u
    LEFT JOIN current_values AS c
        ON c.indicator_id = u.indicator_id AND c.year = u.year AND c.province IS NOT DISTINCT FROM u.province
    LEFT JOIN indicators AS i ON i.indicator_id = u.indicator_id
),
series AS (
    SELECT indicator_id, coalesce(province, '') AS place, year, actual_value FROM current_values
),
keyed AS (
    -- Only rows whose indicator and place have a published series can have neighbours: the nearest-year look-ups
    -- run on those alone (an upload of new provincial series finds none, at no cost).
    SELECT row_no, indicator_id, place, year FROM joined
    WHERE (indicator_id, place) IN (SELECT indicator_id, place FROM series)
),
nearest AS (
    -- The nearest published year before and after, same indicator and place (ASOF: one match each, no subquery).
    SELECT k.row_no, p.year AS prev_year, p.actual_value AS prev_value, n.year AS next_year, n.actual_value AS next_value
    FROM keyed AS k
    ASOF LEFT JOIN series AS p ON p.indicator_id = k.indicator_id AND p.place = k.place AND p.year < k.year
    ASOF LEFT JOIN (SELECT indicator_id, place, year, actual_value, -year AS neg_year FROM series) AS n
        ON n.indicator_id = k.indicator_id AND n.place = k.place AND n.neg_year < -k.year
),
neighbours AS (
    SELECT j.* EXCLUDE (place), nearest.prev_year, nearest.prev_value, nearest.next_year, nearest.next_value
    FROM joined AS j
    LEFT JOIN nearest USING (row_no)
),
flagged AS (
    SELECT *,
           CASE
               WHEN value_type = 'percent' AND change <> 'unchanged' AND actual_value <> 0 AND abs(actual_value) <= 1
                    AND greatest(abs(coalesce(old_value, 0)), abs(coalesce(prev_value, 0)), abs(coalesce(next_value, 0))) >= 5
                   THEN 'fraction'
               WHEN coalesce(min_value, 0) >= 0 AND actual_value > 0 AND change <> 'unchanged' AND (
                        (old_value > 0 AND (actual_value / old_value >= 10 OR actual_value / old_value <= 0.1))
                     OR (prev_value > 0 AND (actual_value / prev_value >= 10 OR actual_value / prev_value <= 0.1))
                     OR (next_value > 0 AND (actual_value / next_value >= 10 OR actual_value / next_value <= 0.1)))
                   THEN 'jump'
           END AS plausibility
    FROM neighbours
)
SELECT row_no, indicator_id, year, province, actual_value, is_estimate, note, change,
       old_value, old_is_estimate, old_note, old_batch_id, old_source_doc, old_origin,
       indicator_name_vi, indicator_name_en, unit, unit_en, prev_year, prev_value, next_year, next_value, plausibility
FROM flagged
ORDER BY row_no
