import json

from django.core.management.base import BaseCommand, CommandError

from twinning.core import population


class Command(BaseCommand):
    help = (
        "Generate a synthetic population (teachers, schools, memberships) for scale tests and benchmarks. "
        "Idempotent: each country is topped up to the scale's numbers, so a second run adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=population.SCALES, default="greece")
        parser.add_argument("--seed", type=int, default=None, help="random seed (same seed, same data)")
        parser.add_argument("--reset", action="store_true", help="delete the generated rows first")
        parser.add_argument("--json", action="store_true", help="print the summary as one JSON object")
        parser.add_argument(
            "--until",
            metavar="GENERATOR",
            help="run only this generator and the ones before it (e.g. 'partners'); default: every generator",
        )

    def handle(self, *args, **options):
        verbose = options["verbosity"] >= 1 and not options["json"]
        try:
            result = population.generate(
                scale=options["scale"],
                seed=options["seed"],
                reset=options["reset"],
                log=self.stdout.write if verbose else None,
                until=options["until"],
            )
        except population.UnknownGenerator as error:  # refused before anything is written
            raise CommandError(f"Unknown generator {error.name!r}: one of {', '.join(error.known)}.") from error
        # The kinds are whatever the registered generators report ("teachers", "schools", ...): core
        # names none of them, so a new generator shows up here without editing the command.
        summary = {"scale": result.scale, "db": result.database, "seconds": round(result.seconds, 1)}
        summary.update({f"{kind}_created": n for kind, n in result.created.items()})
        summary.update({f"{kind}_total": n for kind, n in result.totals.items()})
        if options["json"]:
            self.stdout.write(json.dumps(summary))
            return
        if result.nothing_created:
            self.stdout.write(f"Population '{result.scale}' already present: nothing to do.")
        created = ", ".join(f"{n} {kind}" for kind, n in result.created.items()) or "nothing"
        totals = ", ".join(f"{n} {kind}" for kind, n in result.totals.items()) or "none"
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {created} in {summary['seconds']}s ({result.database}); generated rows now: {totals}."
            )
        )
