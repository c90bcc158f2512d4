-- The rows (batch and key) of the batches $batches that a newer active batch replaces, from table losing_rows.
SELECT batch_id, indicator_id, year, province FROM losing_rows WHERE list_contains($batches, batch_id)
