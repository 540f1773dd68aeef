"""Labelled synthetic Indonesian public comments for testing and benchmarking the summaries.

``generate(n, seed=...)`` returns organic comments (label ``topic``: one of the city-perda topics
below, ``campaign`` None) mixed with mass-campaign comments (label ``campaign``: the campaign id)
that are templated texts with typos, slang, small edits, greetings/closings and reordered
sentences. Deterministic for a given seed. Imports only ``participation.summaries.textproc``.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from participation.summaries.textproc import Doc

__all__ = ["CAMPAIGNS", "TOPICS", "LabelledDoc", "generate"]


@dataclass(frozen=True, slots=True)
class LabelledDoc:
    doc: Doc
    topic: str | None
    campaign: str | None


LOCS = [
    "Jalan Jenderal Sudirman",
    "Klandasan",
    "Gunung Sari",
    "Sepinggan",
    "Batu Ampar",
    "Karang Joang",
    "Damai",
    "Manggar",
    "Prapatan",
    "Muara Rapak",
    "Gunung Bahagia",
    "Baru Ilir",
    "Margomulyo",
    "Lamaru",
    "Graha Indah",
    "Sumber Rejo",
    "Telaga Sari",
    "Kariangau",
    "Teritip",
    "Gunung Samarinda",
    "Karang Rejo",
    "Marga Sari",
    "Sungai Nangka",
    "Jalan MT Haryono",
    "Jalan Ruhui Rahayu",
    "Jalan Soekarno Hatta",
    "Pasar Pandansari",
    "Pasar Klandasan",
    "Balikpapan Baru",
    "Jalan Ahmad Yani",
]
TIMES = [
    "setiap pagi",
    "tiap sore",
    "saat jam pulang kerja",
    "di akhir pekan",
    "hampir setiap hari",
    "kalau malam",
    "sejak tahun lalu",
    "beberapa bulan terakhir",
    "waktu musim hujan",
    "pas jam sibuk",
    "sejak lama",
    "belakangan ini",
]
INTENS = ["sangat", "benar-benar", "cukup", "makin", "sudah terlalu", "agak", "sungguh"]
WHO = [
    "warga",
    "masyarakat",
    "kami warga RT {rt}",
    "para pengguna jalan",
    "ibu-ibu di sini",
    "anak sekolah",
    "para pedagang",
    "tetangga saya",
    "keluarga kami",
    "pekerja harian",
]
FEEL = ["kesal", "resah", "kecewa", "bingung", "khawatir", "terganggu", "was-was", "capek"]

TOPICS: dict[str, dict[str, list[str]]] = {
    "parkir": {
        "units": ["pasal-12", "pasal-13/ayat-2", "pasal-14", "pasal-15/ayat-1"],
        "s": [
            "Tarif parkir di {loc} {int} mahal untuk ukuran warga biasa.",
            "Juru parkir liar di {loc} memungut bayaran {time} tanpa karcis resmi.",
            "Retribusi parkir yang naik jadi Rp{n}.000 memberatkan {who}.",
            "Karcis parkir jarang diberikan sehingga uang retribusinya tidak jelas masuk ke mana.",
            "Mohon parkir di bahu jalan {loc} ditertibkan karena bikin macet {time}.",
            "Sebaiknya pembayaran parkir memakai sistem non tunai supaya retribusi tidak bocor.",
            "Kendaraan yang parkir sembarangan di trotoar {loc} harus diderek petugas.",
            "Jukir liar minta uang parkir padahal tidak ada yang menjaga motor kami.",
            "Kantong parkir di sekitar {loc} kurang sehingga mobil parkir di badan jalan.",
            "Bagaimana aturan parkir berlangganan untuk motor dan mobil pribadi?",
            "Denda parkir liar sebesar Rp{n}00.000 perlu disosialisasikan dulu ke {who}.",
            "Area parkir minimarket di {loc} dipungut retribusi dua kali oleh jukir.",
            "Pendapatan retribusi parkir harus dilaporkan terbuka setiap bulan.",
            "Saya {feel} karena tarif parkir motor disamakan dengan tarif parkir mobil.",
        ],
    },
    "sampah": {
        "units": ["pasal-21", "pasal-22/ayat-1", "pasal-23", "pasal-24/ayat-3"],
        "s": [
            "Sampah di TPS {loc} menumpuk {time} dan baunya {int} menyengat.",
            "Truk pengangkut sampah jarang datang ke {loc} sehingga sampah berserakan.",
            "Iuran sampah rumah tangga Rp{n}.000 per bulan terlalu berat bagi {who}.",
            "Perlu ada bank sampah di setiap kelurahan supaya warga mau memilah sampah.",
            "Orang yang membuang sampah sembarangan ke sungai {loc} harus didenda.",
            "Tempat sampah terpilah organik dan anorganik belum tersedia di {loc}.",
            "Sampah plastik dari pasar {loc} menyumbat selokan {time}.",
            "Petugas kebersihan perlu ditambah dan diberi alat pelindung yang layak.",
            "Bagaimana cara warga melaporkan pembuangan sampah liar di lahan kosong?",
            "TPA Manggar hampir penuh, jadi pengurangan sampah dari rumah harus diwajibkan.",
            "Kantong plastik sekali pakai sebaiknya dibatasi di toko dan pasar.",
            "Jadwal pengangkutan sampah di {loc} perlu diumumkan supaya warga tidak membuang sembarangan.",
            "Kebersihan lingkungan {loc} {int} buruk karena sampah tidak diangkut {time}.",
            "Saya {feel} melihat sampah rumah tangga dibakar di pinggir jalan.",
        ],
    },
    "pkl": {
        "units": ["pasal-30", "pasal-31/ayat-2", "pasal-32", "pasal-33/ayat-1"],
        "s": [
            "Pedagang kaki lima di {loc} berjualan di trotoar sehingga pejalan kaki turun ke jalan.",
            "PKL jangan langsung digusur, tolong sediakan lokasi relokasi yang ramai pembeli.",
            "Lapak pedagang kaki lima di {loc} perlu ditata {int} rapi dan bersih.",
            "Retribusi harian PKL Rp{n}.000 memberatkan pedagang kecil.",
            "Penertiban PKL oleh Satpol PP di {loc} {time} dilakukan dengan kasar.",
            "Pedagang kaki lima butuh izin berjualan yang murah dan mudah diurus.",
            "Gerobak PKL yang ditinggal di bahu jalan {loc} mengganggu lalu lintas.",
            "Bagaimana nasib pedagang kaki lima yang sudah puluhan tahun berjualan di {loc}?",
            "Sentra kuliner untuk PKL bisa jadi solusi supaya trotoar kembali untuk pejalan kaki.",
            "Jam berjualan pedagang kaki lima di {loc} perlu dibatasi sampai malam saja.",
            "Pedagang asongan dan PKL perlu dibina, bukan hanya ditertibkan.",
            "Sewa lapak di lokasi relokasi PKL {int} mahal untuk pedagang kecil.",
            "{who} {feel} karena pedagang kaki lima memakai badan jalan untuk lapak.",
        ],
    },
    "banjir": {
        "units": ["pasal-40", "pasal-41/ayat-1", "pasal-42", "pasal-43/ayat-2"],
        "s": [
            "Banjir di {loc} terjadi {time} karena drainase tersumbat lumpur.",
            "Saluran drainase di {loc} terlalu kecil untuk menampung air hujan.",
            "Normalisasi sungai Ampal harus segera dikerjakan supaya banjir berkurang.",
            "Genangan air setinggi lutut di {loc} membuat motor mogok {time}.",
            "Pembangunan perumahan di daerah resapan {loc} membuat banjir makin parah.",
            "Gorong-gorong di {loc} perlu dikeruk rutin sebelum musim hujan.",
            "Kolam retensi tambahan dibutuhkan untuk mengurangi banjir kiriman.",
            "Bagaimana tanggung jawab pengembang perumahan yang menutup saluran air?",
            "Drainase baru di {loc} dibangun tanpa kemiringan sehingga air tidak mengalir.",
            "Tanah longsor dan banjir di {loc} {int} merugikan {who}.",
            "Sistem peringatan dini banjir perlu dipasang di kawasan rawan genangan.",
            "Parit di depan rumah kami di {loc} tertutup beton sehingga air meluap.",
            "{who} {feel} karena rumah kebanjiran {time} dan belum ada penanganan.",
        ],
    },
    "bangunan": {
        "units": ["pasal-50", "pasal-51/ayat-3", "pasal-52", "pasal-53/ayat-1"],
        "s": [
            "Proses izin mendirikan bangunan atau PBG di {loc} {int} lama dan berbelit.",
            "Biaya retribusi persetujuan bangunan gedung Rp{n} juta terlalu mahal untuk rumah kecil.",
            "Banyak bangunan ruko di {loc} berdiri tanpa izin bangunan yang sah.",
            "Garis sempadan bangunan di {loc} dilanggar sehingga jalan makin sempit.",
            "Pengurusan PBG secara online lewat SIMBG sering gangguan {time}.",
            "Bangunan tanpa izin harus dibongkar setelah diberi teguran tertulis.",
            "Bagaimana syarat izin bangunan untuk rumah tinggal di atas lahan warisan?",
            "Sertifikat laik fungsi gedung perlu diperiksa ulang untuk bangunan lama.",
            "Konsultan perencana bangunan sulit dicari sehingga pengajuan PBG tertunda.",
            "Rumah panggung di atas air di {loc} perlu aturan bangunan khusus.",
            "Pemeriksaan struktur bangunan bertingkat di {loc} harus lebih ketat.",
            "{who} {feel} karena izin renovasi rumah saja butuh waktu berbulan-bulan.",
        ],
    },
    "angkot": {
        "units": ["pasal-60", "pasal-61/ayat-2", "pasal-62", "pasal-63/ayat-1"],
        "s": [
            "Angkot di trayek {loc} jarang lewat {time} sehingga warga menunggu lama.",
            "Sopir angkot sering ngetem lama di {loc} dan membuat macet.",
            "Tarif angkutan kota naik jadi Rp{n}.000 tanpa pemberitahuan kepada penumpang.",
            "Bus rapid transit perlu diperluas sampai ke {loc}.",
            "Halte angkutan umum di {loc} rusak dan tidak ada atapnya.",
            "Trayek angkot perlu diatur ulang supaya menjangkau perumahan baru.",
            "Angkutan umum harus ramah untuk lansia dan penyandang disabilitas.",
            "Bagaimana nasib sopir angkot kalau ojek online makin banyak?",
            "Armada angkot tua di {loc} {int} tidak layak jalan dan keluar asap hitam.",
            "Jadwal keberangkatan angkutan kota perlu dipasang di setiap halte.",
            "Pembayaran ongkos angkot sebaiknya bisa memakai kartu elektronik.",
            "{who} {feel} karena angkot berhenti mendadak di tengah jalan {loc}.",
        ],
    },
    "air": {
        "units": ["pasal-70", "pasal-71/ayat-1", "pasal-72", "pasal-73/ayat-2"],
        "s": [
            "Air PDAM di {loc} sering mati {time} tanpa pemberitahuan.",
            "Air bersih yang mengalir ke rumah di {loc} keruh dan berbau kaporit.",
            "Tagihan air PDAM naik jadi Rp{n}00.000 padahal alirannya kecil.",
            "Pipa air bersih di {loc} bocor berminggu-minggu tidak diperbaiki.",
            "Sambungan baru air PDAM untuk rumah di {loc} sudah antre berbulan-bulan.",
            "Waduk Manggar kering saat kemarau, cadangan air baku harus ditambah.",
            "Mobil tangki air bersih perlu dikirim ke {loc} saat air PDAM mati.",
            "Bagaimana cara mengajukan keringanan tagihan air untuk warga tidak mampu?",
            "Tekanan air di {loc} {int} lemah sehingga bak mandi tidak penuh.",
            "Meteran air PDAM di {loc} sering salah catat pemakaian.",
            "Warga terpaksa membeli air galon untuk mandi karena air PDAM tidak mengalir.",
            "{who} {feel} karena air bersih hanya mengalir tengah malam {time}.",
        ],
    },
}

# Topic-neutral sentences any comment may carry; they test that themes rest on topic words.
GENERIC = [
    "Mohon pemerintah kota memperhatikan hal ini dengan serius.",
    "Semoga aturan ini benar-benar dijalankan dan tidak hanya di atas kertas.",
    "Saya harap DPRD mendengar suara warga kecil.",
    "Sosialisasi aturan ini perlu dilakukan sampai tingkat RT.",
    "Terima kasih sudah membuka kesempatan uji publik.",
    "Pengawasan di lapangan harus lebih tegas.",
    "Jangan sampai aturan ini hanya menambah beban warga.",
    "Sudah sering dilaporkan tapi belum ada tindak lanjut.",
]
STANCE_SENTENCES = {
    "support": ["Saya mendukung pasal ini.", "Setuju dengan aturan ini.", "Pasal ini sudah bagus."],
    "object": ["Saya keberatan dengan pasal ini.", "Saya tidak setuju.", "Pasal ini memberatkan."],
    "amend": [
        "Usul redaksinya diubah.",
        "Sebaiknya kalimat pasal ini diperbaiki.",
        "Mohon rumusan ayat ini direvisi.",
    ],
    "question": ["Mohon penjelasan.", "Apa maksud pasal ini?", "Siapa yang mengawasi ini?"],
}
OPENERS = [
    "Izin berpendapat.",
    "Menurut saya,",
    "Sebagai warga {loc},",
    "Saran saya,",
    "Dari pengalaman saya,",
    "Begini pak,",
    "Kenyataannya di lapangan,",
]

# Discourse markers and trailing clauses make organic sentences from the same template differ,
# as real independent comments do; without them two organic comments are often near-duplicates.
MARKERS = [
    "Jujur saja,",
    "Yang jelas,",
    "Setahu saya,",
    "Faktanya,",
    "Sejujurnya,",
    "Terus terang,",
    "Kalau boleh jujur,",
    "Menurut pengamatan saya,",
    "Sayangnya,",
    "Anehnya,",
    "Padahal",
    "Ironisnya,",
    "Selain itu,",
    "Lalu",
    "Apalagi",
    "Sebenarnya",
    "Masalahnya,",
    "Contohnya,",
    "Intinya,",
    "Seingat saya,",
    "Ditambah lagi,",
    "Bayangkan,",
]
CLAUSES = [
    "dan ini sudah berlangsung lama",
    "padahal sudah sering dikeluhkan",
    "menurut pengalaman keluarga saya",
    "seperti yang saya lihat sendiri",
    "terutama waktu {time}",
    "khususnya di sekitar {loc}",
    "dan belum ada perubahan",
    "sampai hari ini",
    "apalagi bagi warga kurang mampu",
    "tanpa ada penjelasan dari petugas",
    "walaupun sudah dilaporkan ke kelurahan",
    "dan tetangga juga merasakannya",
    "sejak {n} bulan lalu",
    "yang jelas merugikan",
    "dan itu fakta di lapangan",
    "bahkan sampai ramai di media sosial",
    "kata pak RT {rt}",
    "sebagaimana dikeluhkan {who}",
    "sehingga {who} {feel}",
    "dan saya rasa {int} tidak adil",
]

# Mass campaigns: one template each (sentences), aimed at one unit with one stance.
CAMPAIGNS: dict[str, dict[str, object]] = {
    "c-parkir-tolak": {
        "topic": "parkir",
        "unit": "pasal-13/ayat-2",
        "stance": "object",
        "weight": 0.22,
        "s": [
            "Kami warga Balikpapan menolak kenaikan tarif retribusi parkir dalam pasal ini.",
            "Kenaikan tarif tersebut sangat memberatkan pekerja yang setiap hari membawa motor.",
            "Kami meminta DPRD mengembalikan tarif parkir ke besaran yang lama.",
            "Perbaiki dulu pengelolaan juru parkir liar sebelum menaikkan tarif.",
        ],
    },
    "c-parkir-dukung": {
        "topic": "parkir",
        "unit": "pasal-15/ayat-1",
        "stance": "support",
        "weight": 0.08,
        "s": [
            "Saya mendukung penuh penerapan parkir elektronik di seluruh ruas jalan kota.",
            "Dengan sistem elektronik kebocoran pendapatan daerah bisa ditekan.",
            "Semoga aturan ini segera berlaku tahun depan tanpa ditunda lagi.",
        ],
    },
    "c-pkl-relokasi": {
        "topic": "pkl",
        "unit": "pasal-31/ayat-2",
        "stance": "object",
        "weight": 0.18,
        "s": [
            "Atas nama paguyuban pedagang kami keberatan dengan rencana relokasi sepihak.",
            "Lokasi pengganti yang ditawarkan jauh dari pembeli dan sepi pengunjung.",
            "Kami minta pedagang dilibatkan dalam musyawarah sebelum penataan dilakukan.",
            "Mata pencaharian ratusan keluarga bergantung pada lapak ini.",
            "Hapus ketentuan pembongkaran paksa tanpa ganti rugi yang layak.",
        ],
    },
    "c-sampah-iuran": {
        "topic": "sampah",
        "unit": "pasal-22/ayat-1",
        "stance": "amend",
        "weight": 0.14,
        "s": [
            "Kami mengusulkan agar besaran iuran kebersihan dibedakan menurut golongan rumah.",
            "Rumah tipe kecil sebaiknya membayar lebih ringan daripada rumah mewah.",
            "Tambahkan ketentuan pembebasan iuran bagi keluarga penerima bantuan sosial.",
        ],
    },
    "c-banjir-drainase": {
        "topic": "banjir",
        "unit": "pasal-41/ayat-1",
        "stance": "amend",
        "weight": 0.12,
        "s": [
            "Pasal tentang drainase harus mewajibkan setiap pengembang membangun sumur resapan.",
            "Pengembang yang melanggar wajib dikenai sanksi pencabutan izin usaha.",
            "Masukkan juga kewajiban audit tahunan sistem drainase oleh dinas terkait.",
            "Warga terdampak banjir berhak atas kompensasi dari pihak yang lalai.",
        ],
    },
    "c-pbg-gratis": {
        "topic": "bangunan",
        "unit": "pasal-51/ayat-3",
        "stance": "amend",
        "weight": 0.1,
        "s": [
            "Kami mohon retribusi persetujuan bangunan gedung digratiskan untuk rumah sederhana.",
            "Masyarakat berpenghasilan rendah kesulitan membayar biaya konsultan dan retribusi.",
            "Cantumkan batas luas bangunan yang mendapat pembebasan secara jelas.",
        ],
    },
    "c-angkot-trayek": {
        "topic": "angkot",
        "unit": "pasal-61/ayat-2",
        "stance": "question",
        "weight": 0.09,
        "s": [
            "Mengapa izin trayek angkutan kota dialihkan kepada badan usaha tertentu?",
            "Sopir perorangan yang sudah puluhan tahun beroperasi akan kehilangan penghasilan.",
            "Mohon dijelaskan mekanisme peralihan izin dan jaminan bagi para sopir lama.",
        ],
    },
    "c-air-tarif": {
        "topic": "air",
        "unit": "pasal-72",
        "stance": "object",
        "weight": 0.07,
        "s": [
            "Kami menolak kenaikan tarif air minum sebelum pelayanan diperbaiki.",
            "Air masih sering mati bergiliran dan kualitasnya keruh di banyak kelurahan.",
            "Kenaikan tarif hanya boleh dibahas setelah ada audit kinerja perusahaan daerah.",
        ],
    },
}
GREETINGS = [
    "Assalamualaikum wr wb.",
    "Selamat pagi Bapak Ibu anggota dewan.",
    "Salam sejahtera.",
    "Yth. tim penyusun raperda,",
    "Izin menyampaikan aspirasi.",
    "Selamat siang.",
    "Dengan hormat,",
    "Halo pak wali.",
]
CLOSINGS = [
    "Terima kasih.",
    "Mohon diperhatikan.",
    "Wassalam.",
    "Demi Balikpapan yang lebih baik.",
    "Salam hormat dari warga {loc}.",
    "Terima kasih atas perhatiannya.",
    "Semoga didengar.",
    "#SaveBalikpapan",
]
SYNONYMS = {
    "sangat": "amat",
    "mohon": "minta",
    "meminta": "memohon",
    "segera": "secepatnya",
    "kami": "kita",
    "menolak": "tidak setuju dengan",
    "jelas": "terang",
    "harus": "wajib",
    "sebaiknya": "lebih baik",
    "bagi": "untuk",
    "dan": "serta",
    "tanpa": "tidak dengan",
}
# Formal -> informal spellings sprinkled into text (the reverse of textproc's slang map).
INFORMAL = {
    "yang": ["yg"],
    "tidak": ["gak", "tdk", "ga", "nggak"],
    "dengan": ["dgn"],
    "untuk": ["utk"],
    "sudah": ["udah", "sdh"],
    "karena": ["krn", "karna"],
    "belum": ["blm"],
    "tapi": ["tp"],
    "jadi": ["jd"],
    "dari": ["dr"],
    "saya": ["sy", "aku"],
    "kalau": ["kalo"],
    "pemerintah kota": ["pemkot"],
    "sekarang": ["skrg"],
    "banyak": ["byk"],
    "juga": ["jg"],
}
_INFORMAL_RE = re.compile(r"\b(" + "|".join(sorted(INFORMAL, key=len, reverse=True)) + r")\b")


def _fill(template: str, rng: random.Random) -> str:
    out = template
    # Each placeholder is drawn independently so two comments rarely share a realisation.
    while "{" in out:
        out = (
            out.replace("{loc}", rng.choice(LOCS), 1)
            .replace("{time}", rng.choice(TIMES), 1)
            .replace("{int}", rng.choice(INTENS), 1)
            .replace("{who}", rng.choice(WHO), 1)
            .replace("{feel}", rng.choice(FEEL), 1)
            .replace("{n}", str(rng.randint(2, 25)), 1)
            .replace("{rt}", f"{rng.randint(1, 60):02d}", 1)
        )
    return out[0].upper() + out[1:]


def _informalise(text: str, rng: random.Random, p: float) -> str:
    def swap(m: re.Match[str]) -> str:
        word = m.group(1)
        return rng.choice(INFORMAL[word]) if rng.random() < p else word

    return _INFORMAL_RE.sub(swap, text)


def _typo(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    idx = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not idx:
        return text
    i = rng.choice(idx)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    if rng.random() < 0.5:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]  # swap neighbours
    else:
        w = w[:j] + w[j + 1 :]  # drop one letter
    words[i] = w
    return " ".join(words)


def _small_edit(sentence: str, rng: random.Random) -> str:
    words = sentence.split(" ")
    cands = [i for i, w in enumerate(words) if w.lower().strip(".,?") in SYNONYMS]
    if cands and rng.random() < 0.6:
        i = rng.choice(cands)
        bare = words[i].lower().strip(".,?")
        words[i] = words[i].lower().replace(bare, SYNONYMS[bare])
    elif len(words) > 6:
        del words[rng.randrange(1, len(words) - 1)]
    return " ".join(words)


def _vary(sentence: str, rng: random.Random) -> str:
    words = sentence.split(" ")
    if len(words) > 7 and rng.random() < 0.25:
        del words[rng.randrange(1, len(words) - 1)]
    text = " ".join(words)
    if rng.random() < 0.45:
        end = text[-1] if text[-1] in ".?!" else ""
        text = text[: len(text) - len(end)] + " " + _fill(rng.choice(CLAUSES), rng).lower() + end
    if rng.random() < 0.45:
        text = rng.choice(MARKERS) + " " + text[0].lower() + text[1:]
    return text


def _organic(topic: str, rng: random.Random) -> tuple[str, str, str]:
    spec = TOPICS[topic]
    stance = rng.choices(["object", "amend", "support", "question"], [35, 25, 20, 20])[0]
    k = rng.choice([2, 2, 3, 3, 3, 4])
    parts = [_vary(_fill(s, rng), rng) for s in rng.sample(spec["s"], k)]
    if rng.random() < 0.3:
        parts.append(rng.choice(GENERIC))
    if rng.random() < 0.4:
        parts.insert(rng.randrange(len(parts) + 1), rng.choice(STANCE_SENTENCES[stance]))
    if rng.random() < 0.25:
        opener = _fill(rng.choice(OPENERS), rng)
        parts[0] = opener + " " + parts[0][0].lower() + parts[0][1:]
    text = " ".join(parts)
    text = _informalise(text, rng, 0.3)
    if rng.random() < 0.15:
        text = text.lower()
    unit = rng.choice(spec["units"]) if rng.random() < 0.9 else f"pasal-{rng.randint(1, 80)}"
    return text, stance, unit


def _campaign(cid: str, rng: random.Random) -> tuple[str, str, str]:
    spec = CAMPAIGNS[cid]
    sents = list(spec["s"])  # type: ignore[call-overload]
    if rng.random() < 0.4:
        rng.shuffle(sents)
    if rng.random() < 0.4:
        i = rng.randrange(len(sents))
        sents[i] = _small_edit(sents[i], rng)
    if rng.random() < 0.5:
        sents.insert(0, rng.choice(GREETINGS))
    if rng.random() < 0.5:
        sents.append(_fill(rng.choice(CLOSINGS), rng))
    text = " ".join(sents)
    text = _informalise(text, rng, 0.3)
    for _ in range(rng.choice([0, 0, 1, 1, 2])):
        text = _typo(text, rng)
    if rng.random() < 0.2:
        text = text.lower()
    if rng.random() < 0.1:
        text = text.replace(". ", ".\n")
    stance = str(spec["stance"]) if rng.random() < 0.92 else rng.choice(["support", "amend"])
    unit = str(spec["unit"]) if rng.random() < 0.9 else TOPICS[str(spec["topic"])]["units"][0]
    return text, stance, unit


def generate(n: int, *, seed: int, campaign_share: float = 0.4) -> list[LabelledDoc]:
    """``n`` labelled comments with ids 1..n in random order of kind; same seed, same list."""
    rng = random.Random(seed)
    topics = sorted(TOPICS)
    cids = sorted(CAMPAIGNS)
    weights = [float(CAMPAIGNS[c]["weight"]) for c in cids]  # type: ignore[arg-type]
    out: list[LabelledDoc] = []
    for i in range(1, n + 1):
        if rng.random() < campaign_share:
            cid = rng.choices(cids, weights)[0]
            text, stance, unit = _campaign(cid, rng)
            topic: str | None = str(CAMPAIGNS[cid]["topic"])
            campaign: str | None = cid
        else:
            topic = rng.choice(topics)
            text, stance, unit = _organic(topic, rng)
            campaign = None
        doc = Doc(id=i, text=text, stance=stance, unit_key=unit, external_id=f"syn-{seed}-{i}")
        out.append(LabelledDoc(doc=doc, topic=topic, campaign=campaign))
    return out
