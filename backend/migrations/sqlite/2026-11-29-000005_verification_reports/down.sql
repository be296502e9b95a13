DROP TABLE verification_reports;
