"Fail when environment.yml's pip dependencies differ from settings.ini's requirements (the one list pip uses)."
import configparser, sys, yaml
cfg = configparser.ConfigParser(delimiters=['=']); cfg.read('settings.ini')
wanted = set(cfg['DEFAULT']['requirements'].split()) | set(cfg['DEFAULT']['dev_requirements'].split())
pip = next(d['pip'] for d in yaml.safe_load(open('environment.yml'))['dependencies'] if isinstance(d, dict))
have = {p for p in pip if not p.startswith('-e')}
if have != wanted:
    sys.exit(f"environment.yml and settings.ini disagree:\n  only in environment.yml: {sorted(have - wanted)}\n  only in settings.ini: {sorted(wanted - have)}")
print(f"environment.yml mirrors settings.ini ({len(wanted)} pinned packages)")
