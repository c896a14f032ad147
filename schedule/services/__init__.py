"""Every write to the schedule: slots, releases, speakers' unavailability, attendees' favourites."""
