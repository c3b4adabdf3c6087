
:
0flytesnacksdevelopment"rb2x9kqzzz5d7fm6l4twk3fz0a * ÚÿÈ2„ÛÿÈ:„ÛÿÈB
mJ
	https://llogsZc1b!
s3://b/o.pbs3://b/report.htmlhrPulled"Pulledz…ÛÿÈ‚=
;
7
0flytesnacksdevelopment"rb2x9kqzzz5d7fm6l4twsrc