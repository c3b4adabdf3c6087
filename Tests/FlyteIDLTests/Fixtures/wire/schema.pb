
#"!
s3://b/schema
id
when