

color
	
GREEN