-- The 2021 key tasks of directive 01 (Annex II), optionally of one sector.
SELECT task_no, sector_id, group_vi, task_text, lead_unit, coordinating_units, deadline_raw, deadline_date,
       deadline_flag, note, note_vi,
       source_doc, source_line
FROM read_parquet($dir || '/tasks.parquet')
WHERE $sector IS NULL OR sector_id = $sector
ORDER BY task_no
