
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
	https://x