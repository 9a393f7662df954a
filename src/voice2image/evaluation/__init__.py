"""Metric functions, one module per pipeline step (asr, text, image, speaker); the
`evaluate_<step>` stages (`voice2image.pipeline`) read the rows and write the metrics files."""
