"""`make bench`: seed a million accounts into PostgreSQL and time seeding, search and pages."""
