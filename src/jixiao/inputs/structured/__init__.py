"""What a user wrote as data (YAML, JSON, a web form, a workbook's cells) to an Evaluation, and back."""
