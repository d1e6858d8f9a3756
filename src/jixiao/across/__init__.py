"""Across years: next year's evaluation from this year's, the comparison of the two, and budget reliability
in the manner of PEFA 2016 (PI-1 aggregate outturn, PI-2 composition variance) over the last three years."""
