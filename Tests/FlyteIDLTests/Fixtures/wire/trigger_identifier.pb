
,data-eng
production"daily*reports.daily