
¡ÚÿÈ	Scheduled"FailedScheduling*	scheduler0