
*(


csvs3://flyte-data/q7/x/data.csv