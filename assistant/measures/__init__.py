"""The measure finder: PHQ-9, GAD-7, PCL-5, AUDIT, C-SSRS and SUDS scores, 0-10 ratings."""
