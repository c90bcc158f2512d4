-- Projections and aspirations of one indicator: shown as context next to its targets, never judged.
SELECT target_id, kind, period_start, period_end, comparator, target_value, target_low, target_high, is_draft,
       source_doc, source_line, source_quote, note, note_vi
FROM read_parquet($dir || '/targets.parquet')
WHERE indicator_id = $indicator AND kind <> 'target'
ORDER BY period_end NULLS LAST, target_id
