
:
0flytesnacksdevelopment"rb2x9kqzzz5d7fm6l4twk3fz0aa0‘



teamml
	
notex

A1"(2gpu:

s3://rawJb†⁄ˇ»hr	s3://basez0flytesnacksdevelopment"rb2x9kqzzz5d7fm6l4twÇpool-aàí4
0flytesnacksdevelopment"rb2x9kqzzz5d7fm6l4twö
k3f"s3://b/p/d/r/k3fz0a/inputs.pb*s3://b/p/d/r/2™
pd"etl.extract*v7Ö
Æ
pd"etl.extract*v7python,2.12.1python"ê*(21HZ
kv""


x
the x


o0
25
ghcr.io/acme/etl:v7python-mx"
2*
E18
x



extract"
etlETL env*$
ReadsReads the feed
	https://x
ck"qB	transform