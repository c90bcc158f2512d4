-- All rows of one upload batch, national ($national = true) or provincial, in the shape of the published actuals
-- (view upload_actuals): the batch loses no key to a newer batch. No join, so parallel threads keep the file's order.
SELECT u.* FROM upload_actuals AS u WHERE (u.province IS NULL) = $national
