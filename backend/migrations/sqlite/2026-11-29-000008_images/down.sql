DROP TABLE collation_requests;
DROP TABLE image_records;
DROP TABLE image_batches;
