
" 

s3://flyte-data/q7/x/dir