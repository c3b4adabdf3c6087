
	OOMKilledooms3://b/error.pb * ÚÿÈ2w-18