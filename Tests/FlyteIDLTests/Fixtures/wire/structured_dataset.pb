
3B1
	s3://b/df$
"

amountparquetarrow"