B 
s3://b/o/literal.pb€€€2