
boom
ValueError