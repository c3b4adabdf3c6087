
s3://b/q7/p/d/r/a0/1/outputs.pb s3://b/q7/p/d/r/a0/1/report.html