
4
df.
,B*
s3://my-bucket/frames/sales
	parquet