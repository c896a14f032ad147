"""Run by the schedule-convert venv: reads a frab schedule.xml with schedule-convert's importer and
prints what it understood, as JSON."""

import json
import sys

from schedule_convert.importers.frab_xml import FrabXmlImporter

with open(sys.argv[1], "rb") as xml:
    conference = FrabXmlImporter().parse(xml)
json.dump(
    {
        "title": conference.title,
        "slug": conference.slug,
        "days": sorted(day.isoformat() for day in conference.days),
        "events": sorted(
            [
                {
                    "guid": str(event.guid),
                    "title": event.title,
                    "room": event.room.name,
                    "start": event.start.isoformat(),
                    "duration": event.duration,
                    "speakers": [speaker.name for speaker in event.speakers],
                }
                for event in conference.events
            ],
            key=lambda event: (event["start"], event["room"]),
        ),
    },
    sys.stdout,
)
