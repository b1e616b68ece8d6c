#!/usr/bin/env python3
# Rebuilds the "gathered" section of Tests/ECSMedicTests/StoppedReason/corpus.tsv (issue #23) from batch files.
# Usage: scripts/build-stopped-reason-corpus.py BATCH_DIR [--write]
# BATCH_DIR holds bNN.tsv files, one real message a line: category<TAB>source<TAB>message. Lines above the
# "# --- gathered" marker are kept; the section below it is rebuilt: duplicates dropped (the same message with other
# ARNs, ids, addresses or times: see `dedup_key`), then "derived" cuts
# (255 characters, as the console shows) and re-capitalisations of tuning-set messages added, chosen by FNV-1a hash.
# The held-back tenth (FNV-1a-64 of the message = 0 mod 10) is computed by the test, the same way; without --write
# this only prints counts.
import glob, os, re, sys
# What differs between two pastes of one message: ARNs, UUIDs, IP addresses, resource ids, long hex or decimal runs
# (task ids, deployment ids, account numbers), the names of the service, task, instance or port an event is about, the number of tasks or targets it counts,
# timestamps, spacing and a label put before the paste. Case is kept: a re-capitalised message is
# another real wording. Short numbers are kept too: exit code 1 and 137, retried 1 and 5 time(s) differ in meaning.
_DEDUP = [
    (re.compile(r'arn:aws[a-z-]*:[^\s"\'(),\]]*'), '<arn>'),
    (re.compile(r'\((service|task|container-instance|instance|port) [^()]*\)'), r'(\1 <name>)'),
    (re.compile(r'\btarget-group (?!arn:)[\w.-]+'), 'target-group <name>'),
    (re.compile(r'\b(service|container-instance|container instance) (?!(?:was|is|has|met|failed|registered|deregistered)\b)[\w.*-]+'), r'\1 <name>'),
    (re.compile(r'\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b', re.I), '<uuid>'),
    (re.compile(r'\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b'), '<ip>'),
    (re.compile(r'\b(i|eni|sg|subnet|vpc|ami|fs|fsap|fsmt|nat|igw|rtb|acl|vpce)-[0-9a-f]{6,}\b'), r'\1-<id>'),
    (re.compile(r'\b[0-9a-f]{16,}\b', re.I), '<hex>'),
    (re.compile(r'sha256:[0-9a-f]+'), 'sha256:<hex>'),
    (re.compile(r'\d{4}-\d\d-\d\dT[\d:.]+Z?'), '<time>'),
    (re.compile(r'\d{5,}'), '<n>'),
    (re.compile(r'\b\d+ ((?:running |pending |new )?(?:tasks?|targets?))\b'), r'<n> \1'),
    (re.compile(r'\s+'), ' '),
]
# A label someone put before the message when pasting it ("Stopped reason:", "Status reason |", "ContainerReason:").
_LABEL = re.compile(r'^\W*(?:task\s+)?(?:stopped\s*reason|status\s*reason|container\s*reason|container\s+message|'
                    r'stoppedreason|reason|error)\W*[:|]\s*', re.I)
def dedup_key(message):
    message = _LABEL.sub('', message).strip().strip('"\'`')
    for pattern, replacement in _DEDUP: message = pattern.sub(replacement, message)
    return message.strip().rstrip('.')
def fnv1a(s):
    h = 0xcbf29ce484222325
    for b in s.encode('utf-8'):
        h ^= b; h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h
corpus_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'Tests', 'ECSMedicTests', 'StoppedReason', 'corpus.tsv')
batch_dir = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith('--') else os.environ.get('CORPUS_BATCHES', '.')
orig = open(corpus_path).read().split('\n')
marker_idx = next((i for i,l in enumerate(orig) if l.startswith('# --- gathered')), None)
if marker_idx is not None: orig = orig[:marker_idx]
while orig and orig[-1] == '': orig.pop()
seen = set()
for l in orig:
    if l and not l.startswith('#'): seen.add(dedup_key(l.split('\t',2)[2]))
new = []; dups = 0; bad = 0
for f in sorted(glob.glob(os.path.join(batch_dir, 'b*.tsv'))):
    for l in open(f).read().split('\n'):
        if not l.strip(): continue
        p = l.split('\t')
        if len(p) != 3: print('BAD', f, l[:80]); bad += 1; continue
        cat, src, msg = p
        msg = msg.strip()
        if dedup_key(msg) in seen: dups += 1; continue
        seen.add(dedup_key(msg)); new.append((cat, src, msg))
held = [e for e in new if fnv1a(e[2]) % 10 == 0]
tune = [e for e in new if fnv1a(e[2]) % 10 != 0]
derived = []
for cat, src, msg in tune:
    h = fnv1a(msg)
    if len(msg) > 255 and (h >> 8) % 2 == 0:
        cut = msg[:255]
        if dedup_key(cut) not in seen: seen.add(dedup_key(cut)); derived.append((cat, f'derived (cut at 255 characters, as the console does) from {src}', cut))
    if (h >> 16) % 12 == 0:
        rc = msg.lower(); rc = rc[:1].upper() + rc[1:]
        if dedup_key(rc) not in seen and rc != msg: seen.add(dedup_key(rc)); derived.append((cat, f'derived (re-capitalised as the console shows some reasons) from {src}', rc))
print('orig', sum(1 for l in orig if l and not l.startswith('#')), 'new', len(new), 'dups', dups, 'bad', bad, 'held', len(held), 'derived', len(derived), file=sys.stderr)
if '--write' in sys.argv:
    out = orig + ['',
      '# --- gathered (issue #23) ---',
      '# Real messages gathered from public sources (GitHub issues and files, AWS documentation, blogs), each with its',
      '# source: a URL, or "public GitHub file (search index id N)" for a file found by exact-string search. Pasted',
      '# messages are kept as they appear (ids, ARNs, anonymised parts); a message pasted over several lines is joined',
      '# with spaces; "excerpt cut" marks one whose end was not in the excerpt read, "abridged" one its author quoted',
      '# with "..." for the words left out, kept as written. Duplicates are dropped: the same',
      '# message with other ARNs, ids, addresses or times counts once (scripts/build-stopped-reason-corpus.py, dedup_key).',
      '# The held-back tenth: every line of this section not marked "derived" whose message hashes (FNV-1a 64 over its',
      '# UTF-8 bytes) to 0 modulo 10. It was fixed before the phrase table was tuned and the table is not tuned on it.',
      '# "derived" lines are cut or re-capitalised copies of tuning-set messages, marked with their original\'s source.']
    for cat, src, msg in new: out.append(f'{cat}\t{src}\t{msg}')
    for cat, src, msg in derived: out.append(f'{cat}\t{src}\t{msg}')
    open(corpus_path, 'w').write('\n'.join(out) + '\n')
