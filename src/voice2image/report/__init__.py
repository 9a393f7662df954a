"""The thesis tables, plots and image grids from the MLflow runs (`document.write_report`);
`runs` reads and selects the runs, `tables` and `figures` draw them. The `report` stage is
`voice2image.pipeline.report`."""
