date"
	0 6 * * *UTC