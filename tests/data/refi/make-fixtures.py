#!/usr/bin/env python3
"""make-fixtures.py - writes the REFI-QDA files of tests/refi.sh as the
tools the project met write them (the facts are in issue 11 and in
../shared/interop/README.md); run it here to make them again.

nvivo-utf16.qdpx  NVivo 12: positions in UTF-16 code units, the BOM of the
                  source not counted; the text has emoji (two UTF-16 units
                  each) and accented letters (one), so UTF-16 positions
                  are not code points.  Codes have NVivo's own GUIDs.
atlas-0-4.qdc     ATLAS.ti's codebook namespace urn:QDA-XML:codebook:0:4.
atlas-no-codebook.qdpx
                  an ATLAS.ti project without a codebook: two documents,
                  their variables inside the sources and in a case.
dup-names.qdpx    two codes named Commune in two branches, with new GUIDs
                  (as QualCoder exports them), for communes.xml.
ambiguous.qdpx    the same codes flattened: a code Commune at the top fits
                  two themes of communes.xml by its label."""
import zipfile

ZDATE = (2024, 5, 2, 10, 0, 0)

def qdpx(path, qde, sources):
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo('project.qde', ZDATE), qde)
        for name, data in sources:
            z.writestr(zipfile.ZipInfo('sources/' + name, ZDATE), data)

def u16(s):
    return len(s.encode('utf-16-le')) // 2

# --- NVivo -------------------------------------------------------------
TEXT = ('Élu 😀 : le réseau des élus 🎉 avance.\n'
        'Q : et après ? 🌍🌍 Le réseau tient, les élus aussi.\n')
def sel_u16(word, nth, guid, code):
    at = -1
    for _ in range(nth):
        at = TEXT.index(word, at + 1)
    a, b = u16(TEXT[:at]), u16(TEXT[:at + len(word)])
    return (f'<PlainTextSelection guid="{guid}" name="{word}" startPosition="{a}" endPosition="{b}" '
            f'creatingUser="AAAAAAAA-0000-4000-8000-000000000001">'
            f'<Coding guid="{guid[:-1]}f" creatingUser="AAAAAAAA-0000-4000-8000-000000000001">'
            f'<CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>\n')
RESEAU, ELUS = '{0D1E2F30-1111-4A4A-9B9B-000000000001}', '{0D1E2F30-1111-4A4A-9B9B-000000000002}'
nvivo = ('<?xml version="1.0" encoding="utf-8"?>\n'
         '<Project xmlns="urn:QDA-XML:project:1.0" name="Entretiens" origin="NVivo 12.6.0.959 (Windows)" '
         'creatingUserGUID="AAAAAAAA-0000-4000-8000-000000000001">\n'
         '<Users><User guid="AAAAAAAA-0000-4000-8000-000000000001" name="Camille"/></Users>\n'
         '<CodeBook><Codes>\n'
         f'<Code guid="{RESEAU}" name="Réseau" isCodable="true"/>\n'
         f'<Code guid="{ELUS}" name="Élus" isCodable="true"/>\n'
         '</Codes></CodeBook>\n<Sources>\n'
         '<TextSource guid="{BBBBBBBB-0000-4000-8000-000000000001}" name="entretien 1.docx" '
         'richTextPath="internal://{BBBBBBBB-0000-4000-8000-000000000001}.docx" '
         'plainTextPath="internal://{BBBBBBBB-0000-4000-8000-000000000001}.txt">\n'
         + sel_u16('réseau', 1, 'CCCCCCCC-0000-4000-8000-000000000001', RESEAU)
         + sel_u16('élus', 1, 'CCCCCCCC-0000-4000-8000-000000000002', ELUS)
         + sel_u16('réseau', 2, 'CCCCCCCC-0000-4000-8000-000000000003', RESEAU)
         + sel_u16('élus', 2, 'CCCCCCCC-0000-4000-8000-000000000004', ELUS)
         + '</TextSource>\n</Sources>\n</Project>\n')
qdpx('nvivo-utf16.qdpx', nvivo.encode('utf-8'),
     [('{BBBBBBBB-0000-4000-8000-000000000001}.txt', b'\xef\xbb\xbf' + TEXT.encode('utf-8'))])

# --- ATLAS.ti ----------------------------------------------------------
open('atlas-0-4.qdc', 'w', encoding='utf-8').write(
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<CodeBook xmlns="urn:QDA-XML:codebook:0:4" origin="ATLAS.ti 23.2.1">\n'
    '<Codes>\n'
    '<Code guid="E1000000-0000-4000-8000-000000000001" name="Réseau" isCodable="true" color="#1F77B4">\n'
    '<Description>Mise en réseau des acteurs</Description></Code>\n'
    '<Code guid="E1000000-0000-4000-8000-000000000002" name="Élus" isCodable="true"/>\n'
    '</Codes>\n</CodeBook>\n')

atlas = ('<?xml version="1.0" encoding="utf-8"?>\n'
         '<Project xmlns="urn:QDA-XML:project:1.0" name="Terrain" origin="ATLAS.ti 23.2.1">\n'
         '<Variables>\n'
         '<Variable guid="F1000000-0000-4000-8000-000000000001" name="type" typeOfVariable="Text"/>\n'
         '<Variable guid="F1000000-0000-4000-8000-000000000002" name="territoire" typeOfVariable="Text"/>\n'
         '</Variables>\n'
         '<Cases><Case guid="F2000000-0000-4000-8000-000000000001" name="EI-02">\n'
         '<VariableValue><VariableRef targetGUID="F1000000-0000-4000-8000-000000000001"/><TextValue>EI</TextValue></VariableValue>\n'
         '<VariableValue><VariableRef targetGUID="F1000000-0000-4000-8000-000000000002"/><TextValue>urbain</TextValue></VariableValue>\n'
         '<SourceRef targetGUID="F3000000-0000-4000-8000-000000000002"/></Case></Cases>\n'
         '<Sources>\n'
         '<TextSource guid="F3000000-0000-4000-8000-000000000001" name="EI-01.txt" '
         'plainTextPath="internal://F3000000-0000-4000-8000-000000000001.txt">\n'
         '<VariableValue><VariableRef targetGUID="F1000000-0000-4000-8000-000000000001"/><TextValue>EI</TextValue></VariableValue>\n'
         '<VariableValue><VariableRef targetGUID="F1000000-0000-4000-8000-000000000002"/><TextValue>rural</TextValue></VariableValue>\n'
         '</TextSource>\n'
         '<TextSource guid="F3000000-0000-4000-8000-000000000002" name="EI-02.txt" '
         'plainTextPath="internal://F3000000-0000-4000-8000-000000000002.txt"/>\n'
         '</Sources>\n</Project>\n')
qdpx('atlas-no-codebook.qdpx', atlas.encode('utf-8'),
     [('F3000000-0000-4000-8000-000000000001.txt', 'Élue : le réseau.\r\n'.encode('utf-8')),
      ('F3000000-0000-4000-8000-000000000002.txt', 'Élu : les élus.\r\n'.encode('utf-8'))])

# --- duplicate names ---------------------------------------------------
DUPTEXT = 'La commune porte le contrat ; la mairie signe.\n'
def dup(codes, sels):
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<Project xmlns="urn:QDA-XML:project:1.0" name="Communes" origin="QualCoder 4.0 Beta">\n'
            '<CodeBook><Codes>\n' + codes + '</Codes></CodeBook>\n<Sources>\n'
            '<TextSource guid="D3000000-0000-4000-8000-000000000001" name="ei-07" '
            'plainTextPath="internal://D3000000-0000-4000-8000-000000000001.txt">\n' + sels +
            '</TextSource>\n</Sources>\n</Project>\n').encode('utf-8')
def sel(word, guid, code):
    a = DUPTEXT.index(word)
    return (f'<PlainTextSelection guid="{guid}" startPosition="{a}" endPosition="{a + len(word)}">'
            f'<Coding guid="{guid[:-1]}f"><CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>\n')
C1, C2 = 'D1000000-0000-4000-8000-000000000011', 'D1000000-0000-4000-8000-000000000012'
tree = ('<Code guid="D1000000-0000-4000-8000-000000000001" name="Échelles" isCodable="false">\n'
        f'<Code guid="{C1}" name="Commune" isCodable="true" color="#FF7F0E"/></Code>\n'
        '<Code guid="D1000000-0000-4000-8000-000000000002" name="Acteurs" isCodable="false">\n'
        f'<Code guid="{C2}" name="Commune" isCodable="true" color="#2CA02C"/></Code>\n')
src = dup(tree, sel('commune', 'D4000000-0000-4000-8000-000000000001', C1) +
          sel('mairie', 'D4000000-0000-4000-8000-000000000002', C2))
qdpx('dup-names.qdpx', src, [('D3000000-0000-4000-8000-000000000001.txt', DUPTEXT.encode('utf-8'))])
flat = dup(f'<Code guid="{C1}" name="Commune" isCodable="true"/>\n',
           sel('commune', 'D4000000-0000-4000-8000-000000000001', C1))
qdpx('ambiguous.qdpx', flat, [('D3000000-0000-4000-8000-000000000001.txt', DUPTEXT.encode('utf-8'))])
