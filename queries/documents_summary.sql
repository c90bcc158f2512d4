-- The source documents with how many targets and actuals the catalog took from each.
WITH t AS (
    SELECT source_doc, count(*) AS n_targets FROM read_parquet($dir || '/targets.parquet') GROUP BY source_doc
),
a AS (
    SELECT source_doc, count(*) AS n_actuals FROM read_parquet($dir || '/document_actuals.parquet') GROUP BY source_doc
)
SELECT d.source_doc, d.title_vi, d.title_en, d.is_draft, d.doc_date, d.priority,
       coalesce(t.n_targets, 0) AS n_targets, coalesce(a.n_actuals, 0) AS n_actuals
FROM read_parquet($dir || '/documents.parquet') AS d
LEFT JOIN t USING (source_doc)
LEFT JOIN a USING (source_doc)
ORDER BY d.source_doc
