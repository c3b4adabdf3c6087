
6
0flytesnacksdevelopment"rb2x9kqzzz5d7fm6l4twt1a0"s3://b/t1/inputs.pbR:
fetch"*
s3://b/t1/outputs.pb2


	
q
