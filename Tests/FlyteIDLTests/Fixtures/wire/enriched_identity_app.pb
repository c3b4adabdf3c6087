 

flyte-scheduler
	scheduler