-- The keys of one batch ($batch_id) that a newer active batch also holds, from table losing_rows: the rows the
-- batch's actuals files leave out.
SELECT indicator_id, year, province FROM losing_rows WHERE batch_id = $batch_id
