"""The Excel input workbook: its layout, the blank and filled template written, a filled one read back."""
