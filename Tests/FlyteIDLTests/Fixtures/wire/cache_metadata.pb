
pd"etl.extract*v7]

exec-attempt1

exec-domaind

	exec-noden

exec-projectp

execution-namer ÚÿÈ"”ÞÿÈ