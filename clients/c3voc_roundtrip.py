"""Run by the c3voc-schedule-tools venv: loads a schedule.json with the C3 video team's library and
writes what it read (a summary as JSON on stdout) and its own re-serialised XML (argv[2])."""

import json
import sys

from voc.schedule import Schedule

schedule = Schedule.from_file(sys.argv[1])
with open(sys.argv[2], "w", encoding="utf-8") as xml:
    xml.write(schedule.xml())
events = []
schedule.foreach_event(lambda event: events.append(event))
json.dump(
    {
        "version": schedule.version(),
        "days": len(schedule.days()),
        "rooms": schedule.rooms(),
        "events": sorted(
            [
                {
                    "guid": event["guid"],
                    "title": event["title"],
                    "room": event["room"],
                    "date": event["date"],
                    "persons": [person["name"] for person in event["persons"]],
                }
                for event in events
            ],
            key=lambda event: (event["date"], event["room"]),
        ),
    },
    sys.stdout,
)
