"""What each person's home page shows: fixed-count queries over the other areas' tables."""
