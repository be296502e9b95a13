DROP TABLE degrees;
DROP TABLE enrollments;
DROP TABLE schools;
DROP TABLE provinces;
