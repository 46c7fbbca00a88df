"""The topics of the report: each one the analysis of one notebook (``analysis``), its tidy
publication tables (``tables``) and its report section (``section``)."""
