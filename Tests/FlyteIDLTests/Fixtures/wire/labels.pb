


teamml

tiergold