



teamml
	
notex

A1"(2gpu:

s3://rawJb ÚÿÈhr	s3://basez0flytesnacksdevelopment"rb2x9kqzzz5d7fm6l4tw‚pool-aˆ’4
0flytesnacksdevelopment"rb2x9kqzzz5d7fm6l4twš
k3f