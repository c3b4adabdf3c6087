
acme
productiondata-eng