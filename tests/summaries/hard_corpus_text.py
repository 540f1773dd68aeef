"""Text material for ``tests.summaries.hard_corpus``: 15 city themes, 14 of them in 7 pairs that share most
of their vocabulary, with code-mixed sentences, stock short comments and shared filler.

Each theme has ``own`` (sentences only that theme writes), ``jv``/``bjn``/``en`` (the theme said
in Javanese, Banjar or English) and ``short`` (one-line comments many people write on their
own). Each pair has ``shared`` sentences that either member writes: about the subject both
themes are about, so they carry the pair's common words and nothing that tells them apart.
Placeholders: {loc} {time} {int} {who} {feel} {n} {rt} and the theme's own slots in ``slots``.
"""

from __future__ import annotations

PAIRS: dict[str, dict[str, object]] = {
    "parkir": {
        "themes": ("parkir-liar", "parkir-tarif"),
        "shared": [
            "Masalah parkir di {loc} tidak pernah beres dari dulu.",
            "Urusan parkir di kota ini {int} semrawut.",
            "Soal parkir kendaraan di {loc} perlu diatur lebih baik.",
            "Uang parkir yang dibayar warga harus jelas ke mana perginya.",
            "Juru parkir di {loc} ada di mana-mana {time}.",
            "Parkir motor dan mobil di {loc} selalu penuh {time}.",
            "Pengelolaan parkir oleh dinas perhubungan perlu dievaluasi.",
            "Karcis parkir jarang sekali diberikan kepada pengendara.",
        ],
    },
    "sampah": {
        "themes": ("sampah-angkut", "sampah-daur"),
        "shared": [
            "Sampah rumah tangga di {loc} makin banyak {time}.",
            "Soal sampah di kota ini {int} memprihatinkan.",
            "Warga {loc} sudah bayar iuran sampah setiap bulan.",
            "Kesadaran warga soal sampah masih rendah.",
            "Sampah plastik ada di mana-mana di {loc}.",
            "Pengelolaan sampah oleh dinas lingkungan hidup perlu dibenahi.",
            "Petugas kebersihan di {loc} kerjanya sudah keras.",
        ],
    },
    "banjir": {
        "themes": ("banjir-drainase", "banjir-rob"),
        "shared": [
            "Banjir di {loc} terjadi lagi {time}.",
            "Air masuk ke rumah warga {loc} setinggi lutut.",
            "Genangan air di {loc} membuat jalan tidak bisa dilewati {time}.",
            "Rumah kami kebanjiran dan perabot rusak.",
            "Penanganan banjir di Balikpapan {int} lambat.",
            "Motor mogok karena menerobos genangan di {loc}.",
            "Warga {loc} sudah capek menghadapi banjir.",
        ],
    },
    "pkl": {
        "themes": ("pkl-trotoar", "pkl-relokasi"),
        "shared": [
            "Pedagang kaki lima di {loc} jumlahnya makin banyak.",
            "PKL juga warga yang mencari nafkah untuk keluarga.",
            "Penataan pedagang kaki lima di {loc} perlu dipikirkan matang.",
            "Satpol PP sering datang ke lapak pedagang di {loc}.",
            "Pedagang kecil di {loc} butuh kepastian berjualan.",
            "Gerobak dan lapak PKL di {loc} makin ramai {time}.",
        ],
    },
    "bangunan": {
        "themes": ("izin-pbg", "sempadan"),
        "shared": [
            "Bangunan baru di {loc} tumbuh cepat sekali.",
            "Aturan bangunan gedung di kota ini perlu ditegakkan.",
            "Banyak ruko dan rumah baru berdiri di {loc} {time}.",
            "Dinas PUPR harus mengawasi pembangunan di {loc}.",
            "Pemilik bangunan sering tidak paham aturan.",
            "Pengawasan bangunan oleh pemerintah kota {int} lemah.",
        ],
    },
    "jalan": {
        "themes": ("jalan-rusak", "lampu-jalan"),
        "shared": [
            "Jalan di {loc} {int} berbahaya untuk pengendara {time}.",
            "Pengguna jalan di {loc} sering celaka.",
            "Jalan lingkungan di {loc} sudah lama tidak diperhatikan.",
            "Kondisi jalan menuju {loc} memprihatinkan.",
            "Sudah ada korban kecelakaan di jalan {loc}.",
            "Anak sekolah lewat jalan {loc} setiap hari.",
        ],
    },
    "layanan": {
        "themes": ("air-pdam", "angkot"),
        "shared": [
            "Pelayanan publik di {loc} {int} mengecewakan.",
            "Tarif naik terus tetapi pelayanan tidak membaik.",
            "Warga {loc} sudah lama mengeluhkan layanan ini.",
            "Keluhan pelanggan tidak pernah ditanggapi.",
            "Layanan untuk warga pinggiran seperti {loc} selalu dinomorduakan.",
        ],
    },
}

THEMES: dict[str, dict[str, object]] = {
    "parkir-liar": {
        "units": ["pasal-12", "pasal-13/ayat-1"],
        "slots": {
            "jukir": [
                "juru parkir liar",
                "jukir liar",
                "tukang parkir liar",
                "preman parkir",
                "jukir tak resmi",
                "parkir liar",
            ],
            "spot": ["trotoar", "bahu jalan", "depan minimarket", "depan ruko", "pinggir jalan", "depan ATM"],
        },
        "own": [
            "{jukir} di {spot} {loc} memungut uang tanpa karcis.",
            "Tiba-tiba muncul {jukir} waktu kami parkir di {spot}.",
            "Motor diparkir di {spot} {loc} sampai pejalan kaki turun ke jalan.",
            "{jukir} minta uang padahal tidak menjaga kendaraan sama sekali.",
            "Mobil parkir sembarangan di {spot} {loc} bikin macet {time}.",
            "Tolong tertibkan {jukir} yang mangkal di {spot} {loc}.",
            "Kendaraan yang parkir liar di {spot} harus diderek saja.",
            "Di {spot} {loc} ada {jukir} yang galak kalau tidak dikasih uang.",
            "Saya {feel} dipalak {jukir} di {spot} {time}.",
            "Parkir di {spot} itu liar dan tidak ada izinnya.",
            "{jukir} berganti orang tiap jam di {spot} {loc}.",
            "Penertiban {jukir} di {spot} cuma sebentar lalu muncul lagi.",
            "Mobil-mobil parkir dua lapis di {spot} {loc} menutup jalan.",
            "Siapa yang membekingi {jukir} di {spot} {loc}?",
        ],
        "jv": [
            "Jukir liar neng {spot} kuwi njaluk duwit terus, ora ono karcise.",
            "Parkir neng {spot} nggawe dalan macet, mbok ya ditertibke.",
        ],
        "bjn": [
            "Jukir liar di {spot} tu minta duit haja, kada baisi karcis.",
            "Parkir di {spot} {loc} tu bikin macet banar.",
        ],
        "en": [
            "Illegal parking attendants at the {spot} keep asking for money.",
            "Please clear the illegal parking on the {spot}.",
        ],
        "short": [
            "Tertibkan parkir liar.",
            "Parkir liar di trotoar harus ditindak.",
            "Berantas jukir liar!",
            "Tolong jukir liar ditertibkan.",
        ],
    },
    "parkir-tarif": {
        "units": ["pasal-14", "pasal-15/ayat-2"],
        "slots": {
            "tarif": [
                "tarif parkir resmi",
                "retribusi parkir",
                "tarif parkir",
                "biaya parkir resmi",
                "tarif retribusi parkir",
            ],
            "bayar": [
                "non tunai",
                "e-parking",
                "kartu elektronik",
                "QRIS",
                "mesin parkir",
                "parkir berlangganan",
            ],
        },
        "own": [
            "{tarif} naik jadi Rp{n}.000 dan itu memberatkan.",
            "Kenaikan {tarif} dalam pasal ini {int} tinggi.",
            "Sebaiknya pembayaran parkir memakai {bayar} supaya tidak bocor.",
            "{tarif} untuk motor disamakan dengan mobil, tidak adil.",
            "Pendapatan dari {tarif} harus dilaporkan terbuka.",
            "Usul saya {tarif} dibedakan menurut zona pusat kota dan pinggiran.",
            "Dengan {bayar} setoran retribusi bisa dipantau.",
            "Besaran {tarif} per jam perlu dicantumkan jelas di perda.",
            "Saya {feel} karena {tarif} naik dua kali dalam setahun.",
            "Apakah {bayar} sudah siap diterapkan di {loc}?",
            "Target pendapatan asli daerah dari {tarif} terlalu tinggi.",
            "{tarif} progresif untuk mobil kedua sebaiknya dikaji ulang.",
            "Tarif parkir inap di {loc} perlu diatur dalam pasal tersendiri.",
            "Mohon {tarif} tidak dinaikkan sebelum fasilitas parkir layak.",
        ],
        "jv": [
            "Tarif parkir resmi mundhak terus, rakyat cilik abot.",
            "Bayare parkir luwih becik nganggo {bayar} ben ora bocor.",
        ],
        "bjn": [
            "Tarif parkir naik tarus, ulun kada sanggup.",
            "Bayar parkir pakai {bayar} haja supaya kada bocor.",
        ],
        "en": [
            "The official parking fee is way too high now.",
            "Parking payment should be cashless with {bayar}.",
        ],
        "short": ["Tarif parkir jangan naik.", "Tolak kenaikan tarif parkir.", "Tarif parkir terlalu mahal."],
    },
    "sampah-angkut": {
        "units": ["pasal-21", "pasal-22/ayat-1"],
        "slots": {
            "tps": ["TPS", "tempat pembuangan sementara", "bak sampah", "kontainer sampah", "TPS pasar"],
            "truk": ["truk sampah", "armada pengangkut", "truk pengangkut sampah", "mobil sampah"],
        },
        "own": [
            "Sampah di {tps} {loc} menumpuk dan baunya {int} menyengat.",
            "{truk} jarang datang ke {loc} sehingga sampah meluber.",
            "Sampah pasar {loc} dibiarkan berhari-hari di {tps}.",
            "{tps} di {loc} sudah penuh {time} dan lalat di mana-mana.",
            "Jadwal {truk} tidak teratur, kadang seminggu tidak datang.",
            "Tambah {truk} untuk kawasan {loc}.",
            "Sampah dari {tps} berceceran ke jalan waktu diangkut.",
            "Air lindi dari {tps} {loc} mengalir ke selokan.",
            "Tolong pindahkan {tps} yang ada di depan sekolah {loc}.",
            "Saya {feel} karena {tps} dekat rumah tidak pernah dikosongkan.",
            "TPA Manggar penuh karena semua sampah diangkut tanpa dikurangi.",
            "Sampah pasar tradisional {loc} menumpuk sampai ke badan jalan.",
            "Pengangkutan sampah harus tiap hari, bukan seminggu sekali.",
        ],
        "jv": [
            "Sampah neng {tps} {loc} numpuk, mambu banget.",
            "Truk sampah ora teka-teka, sampahe nganti mbludak.",
        ],
        "bjn": [
            "Sampah di {tps} tu bahalat banar, kada diangkut-angkut.",
            "Truk sampah jarang datang ka {loc}.",
        ],
        "en": [
            "The garbage truck hardly ever comes to {loc}.",
            "Trash at the {tps} has been piling up for days.",
        ],
        "short": [
            "Sampah numpuk, tolong diangkut.",
            "Tolong sampah di TPS segera diangkut.",
            "Truk sampah jarang datang.",
        ],
    },
    "sampah-daur": {
        "units": ["pasal-23", "pasal-24/ayat-3"],
        "slots": {
            "bank": ["bank sampah", "bank sampah unit", "TPS3R", "rumah kompos", "pusat daur ulang"],
            "pilah": [
                "memilah sampah",
                "pilah sampah dari rumah",
                "memisahkan organik dan anorganik",
                "mengompos sampah dapur",
            ],
        },
        "own": [
            "Perlu ada {bank} di setiap kelurahan termasuk {loc}.",
            "Warga mau {pilah} asal ada {bank} yang menampung.",
            "{bank} di {loc} sudah berjalan dan bisa dicontoh.",
            "Hasil daur ulang plastik bisa menambah penghasilan ibu-ibu.",
            "Pemerintah kota sebaiknya membeli hasil {bank} warga.",
            "Sekolah-sekolah diajak {pilah} sejak dini.",
            "Sampah organik bisa dijadikan kompos untuk taman kota.",
            "Insentif untuk warga yang rajin {pilah} perlu diatur.",
            "Saya ikut {bank} dan tabungan sampah saya sudah Rp{n}00.000.",
            "Tempat sampah terpilah harus tersedia di {loc}.",
            "Pengurangan kantong plastik sekali pakai perlu aturan tegas.",
            "Daur ulang minyak jelantah juga perlu diwadahi.",
            "Pelatihan {pilah} bagi RT {rt} sangat membantu.",
        ],
        "jv": [
            "Sampah plastik iso didaur ulang, dadi duwit kanggo ibu-ibu.",
            "Saben kelurahan kudu duwe {bank}.",
        ],
        "bjn": [
            "Bank sampah di {loc} tu bagus banar, warga rancak bapilah sampah.",
            "Sampah dapur kawa dijadikan kompos.",
        ],
        "en": [
            "Every village should have a {bank} for recycling.",
            "Recycling and composting should be rewarded.",
        ],
        "short": [
            "Perbanyak bank sampah.",
            "Setuju bank sampah di tiap kelurahan.",
            "Ayo pilah sampah dari rumah.",
        ],
    },
    "banjir-drainase": {
        "units": ["pasal-40", "pasal-41/ayat-1"],
        "slots": {
            "drain": ["drainase", "gorong-gorong", "selokan", "parit", "saluran air"],
            "sumbat": [
                "tersumbat lumpur",
                "tertutup sampah",
                "terlalu kecil",
                "tidak pernah dikeruk",
                "tertutup beton",
            ],
        },
        "own": [
            "{drain} di {loc} {sumbat} sehingga air hujan meluap.",
            "Setiap hujan deras {drain} {loc} tidak mampu menampung air.",
            "Tolong {drain} di {loc} dikeruk sebelum musim hujan.",
            "{drain} baru dibangun tanpa kemiringan jadi air tidak mengalir.",
            "Pembangunan perumahan di daerah resapan bikin {drain} kewalahan.",
            "Kolam retensi tambahan dibutuhkan di hulu sungai Ampal.",
            "Hujan sejam saja {drain} {loc} langsung meluap.",
            "Normalisasi sungai Ampal dan {drain} harus segera.",
            "Pengembang wajib membangun sumur resapan dan {drain} yang layak.",
            "{drain} depan rumah {sumbat} dan tidak ada petugas datang.",
            "Saya {feel} karena {drain} {loc} dibiarkan {sumbat}.",
            "Air hujan dari bukit turun ke {loc} karena {drain} tidak ada.",
        ],
        "jv": [
            "Selokan neng {loc} buntu, saben udan mesthi banjir.",
            "Gorong-goronge cilik banget, banyune ora iso mili.",
        ],
        "bjn": ["Drainase di {loc} tasumbat, imbah hujan langsung banyu naik.", "Parit kada suah dikeruk."],
        "en": [
            "The drains in {loc} are clogged so every heavy rain floods the street.",
            "Please dredge the {drain} before the rainy season.",
        ],
        "short": [
            "Tolong drainase diperbaiki.",
            "Selokan mampet, tolong dikeruk.",
            "Drainase tersumbat, banjir lagi.",
        ],
    },
    "banjir-rob": {
        "units": ["pasal-42", "pasal-43/ayat-2"],
        "slots": {
            "rob": ["banjir rob", "air pasang", "pasang laut", "rob"],
            "pesisir": ["pesisir", "kampung atas air", "pinggir pantai", "tepi laut", "kawasan pantai"],
        },
        "own": [
            "{rob} masuk ke rumah warga {pesisir} {loc} setiap bulan purnama.",
            "Tanggul laut di {pesisir} {loc} perlu ditinggikan karena {rob}.",
            "Waktu {rob} tinggi, jalan di {pesisir} terendam air asin.",
            "Rumah panggung di {pesisir} makin rendah karena {rob} naik.",
            "Mangrove di {pesisir} ditebang sehingga {rob} makin parah.",
            "Reklamasi pantai membuat {rob} pindah ke kampung kami.",
            "Nelayan di {pesisir} {loc} kesulitan karena {rob} tiap bulan.",
            "Jadwal {rob} perlu diumumkan supaya warga {pesisir} bersiap.",
            "Air asin dari {rob} merusak motor dan perabot.",
            "Saya {feel} karena {rob} datang lagi {time} di {pesisir}.",
            "Pompa air dan pintu air di {pesisir} dibutuhkan saat {rob}.",
            "Penanaman mangrove di {pesisir} {loc} harus diwajibkan.",
        ],
        "jv": ["Banyu rob mlebu omah saben wulan purnama.", "Tanggul neng pesisir kudu diduwurke."],
        "bjn": [
            "Banyu pasang naik ka rumah di pinggir pantai.",
            "Rob tu datang tarus, tanggulnya kada cukup tinggi.",
        ],
        "en": [
            "Tidal flooding hits the coastal kampung every full moon.",
            "The sea wall at the {pesisir} must be raised.",
        ],
        "short": [
            "Tanggul laut tolong ditinggikan.",
            "Banjir rob tiap bulan, tolong ditangani.",
            "Tanam mangrove cegah rob.",
        ],
    },
    "pkl-trotoar": {
        "units": ["pasal-30", "pasal-31/ayat-1"],
        "slots": {
            "trotoar": ["trotoar", "badan jalan", "bahu jalan", "jalur pejalan kaki", "pinggir jalan raya"]
        },
        "own": [
            "PKL berjualan di {trotoar} {loc} sehingga pejalan kaki turun ke jalan.",
            "Lapak pedagang kaki lima memakan {trotoar} di {loc}.",
            "Pejalan kaki tidak bisa lewat karena {trotoar} penuh gerobak.",
            "Pedagang di {trotoar} {loc} bikin macet {time}.",
            "Kembalikan {trotoar} untuk pejalan kaki dan penyandang disabilitas.",
            "Tenda PKL di {trotoar} {loc} dibiarkan menginap.",
            "Jam berjualan PKL di {trotoar} perlu dibatasi.",
            "Ibu-ibu dengan stroller terpaksa jalan di aspal karena {trotoar} dipakai jualan.",
            "Saya {feel} melihat {trotoar} {loc} jadi pasar dadakan.",
            "Penertiban PKL di {trotoar} harus konsisten, jangan hanya sehari.",
            "Parkir pembeli PKL ikut memakan {trotoar} {loc}.",
            "Lampu dan kabel PKL di {trotoar} berbahaya bagi pejalan kaki.",
        ],
        "jv": [
            "PKL dodolan neng trotoar, wong mlaku kudu mudhun neng dalan.",
            "Trotoar kuwi kanggo wong mlaku, dudu kanggo lapak.",
        ],
        "bjn": [
            "PKL bajualan di trotoar, urang bajalan kada kawa lewat.",
            "Trotoar di {loc} tu panuh lapak.",
        ],
        "en": [
            "Street vendors block the sidewalk so pedestrians walk on the road.",
            "Sidewalks should be for pedestrians, not stalls.",
        ],
        "short": [
            "Trotoar untuk pejalan kaki.",
            "PKL jangan di trotoar.",
            "Tolong tertibkan PKL di trotoar.",
        ],
    },
    "pkl-relokasi": {
        "units": ["pasal-32", "pasal-33/ayat-1"],
        "slots": {
            "lokasi": [
                "pasar",
                "sentra kuliner",
                "lokasi relokasi",
                "pasar baru",
                "gedung pasar",
                "kawasan kuliner",
            ]
        },
        "own": [
            "Relokasi PKL ke {lokasi} {loc} harus dengan musyawarah.",
            "{lokasi} tempat relokasi sepi pembeli, pedagang bisa bangkrut.",
            "Sewa lapak di {lokasi} relokasi {int} mahal untuk pedagang kecil.",
            "Pedagang yang dipindah ke {lokasi} perlu bebas sewa setahun.",
            "Akses angkutan ke {lokasi} relokasi harus disiapkan dulu.",
            "Relokasi jangan sepihak, libatkan paguyuban pedagang.",
            "Banyak kios di {lokasi} relokasi kosong karena tidak laku.",
            "Pembagian kios di {lokasi} baru harus adil dan diundi terbuka.",
            "Saya {feel} karena dipindah ke {lokasi} yang jauh dari pembeli.",
            "Promosi {lokasi} relokasi perlu dibantu pemerintah kota.",
            "Pedagang lama harus diprioritaskan mendapat kios di {lokasi}.",
            "Fasilitas listrik dan air di {lokasi} relokasi belum ada.",
        ],
        "jv": [
            "Pindah neng {lokasi} sepi sing tuku, dagangane ora payu.",
            "Relokasi kudu rembugan karo pedagang.",
        ],
        "bjn": ["Dipindah ka {lokasi} tu sepi, kada ada nang manukar.", "Sewa kios di {lokasi} mahal banar."],
        "en": [
            "The relocation market is empty, vendors will go broke.",
            "Relocating vendors needs real consultation first.",
        ],
        "short": [
            "Relokasi PKL harus manusiawi.",
            "Jangan relokasi sepihak.",
            "Tempat relokasi sepi pembeli.",
        ],
    },
    "izin-pbg": {
        "units": ["pasal-50", "pasal-51/ayat-3"],
        "slots": {
            "pbg": ["PBG", "IMB", "izin mendirikan bangunan", "persetujuan bangunan gedung", "izin bangunan"]
        },
        "own": [
            "Mengurus {pbg} di {loc} {int} lama dan berbelit.",
            "Sistem SIMBG untuk {pbg} sering gangguan {time}.",
            "Biaya retribusi {pbg} Rp{n} juta terlalu mahal untuk rumah kecil.",
            "Syarat {pbg} untuk rumah di atas tanah warisan tidak jelas.",
            "Konsultan perencana untuk {pbg} sulit dicari.",
            "{pbg} yang dulu IMB harus diurus ulang atau tidak?",
            "Sudah {n} bulan {pbg} saya belum terbit.",
            "Mohon ada loket pendampingan {pbg} untuk warga awam.",
            "Saya {feel} karena berkas {pbg} ditolak tanpa alasan.",
            "Gratiskan {pbg} untuk rumah tinggal sederhana.",
            "Waktu penerbitan {pbg} harus dibatasi paling lama {n} hari.",
            "Renovasi dapur saja diminta mengurus {pbg}.",
        ],
        "jv": ["Ngurus PBG suwe banget, bola-bali ditolak.", "Biayane IMB larang, rakyat cilik ora kuat."],
        "bjn": [
            "Maurus PBG tu lawas banar, berkas dibulik-bulikkan.",
            "Biaya IMB larang banar gasan rumah halus.",
        ],
        "en": [
            "Getting a building permit takes months and the online system keeps failing.",
            "Building permit fees are too expensive for small houses.",
        ],
        "short": ["Permudah izin bangunan.", "PBG jangan berbelit.", "Izin PBG terlalu lama."],
    },
    "sempadan": {
        "units": ["pasal-52", "pasal-53/ayat-1"],
        "slots": {
            "gsb": ["garis sempadan bangunan", "sempadan jalan", "GSB", "garis sempadan", "sempadan sungai"]
        },
        "own": [
            "Ruko di {loc} melanggar {gsb} sampai mepet ke jalan.",
            "Bangunan yang melewati {gsb} harus dibongkar.",
            "Pagar rumah maju melewati {gsb} sehingga jalan menyempit.",
            "Jarak {gsb} di {loc} tidak pernah diukur petugas.",
            "Rumah di {gsb} {loc} rawan longsor dan banjir.",
            "Teras ruko menutup saluran karena melanggar {gsb}.",
            "Aturan {gsb} untuk jalan lingkungan perlu dicantumkan.",
            "Saya {feel} melihat bangunan baru mepet {gsb} dibiarkan.",
            "Pelanggar {gsb} cukup didenda atau harus dibongkar?",
            "Papan reklame dan kanopi melewati {gsb} {loc}.",
            "Patok {gsb} perlu dipasang supaya warga tahu batasnya.",
            "Bangunan di bantaran melanggar {gsb} dan menyempitkan sungai.",
        ],
        "jv": [
            "Ruko-ruko anyar mepet dalan, nglanggar garis sempadan.",
            "Omah neng pinggir kali nglanggar sempadan.",
        ],
        "bjn": [
            "Bangunan tu maju banar ka jalan, malanggar sempadan.",
            "Rumah di pinggir sungai kada baik malanggar sempadan.",
        ],
        "en": [
            "New shophouses are built right up to the road, ignoring the setback line.",
            "Buildings that break the setback rule should be torn down.",
        ],
        "short": [
            "Tegakkan garis sempadan.",
            "Bongkar bangunan yang melanggar sempadan.",
            "Sempadan jalan dilanggar.",
        ],
    },
    "jalan-rusak": {
        "units": ["pasal-60", "pasal-61/ayat-2"],
        "slots": {
            "rusak": [
                "berlubang",
                "rusak parah",
                "aspalnya mengelupas",
                "retak-retak",
                "bergelombang",
                "ambles",
            ]
        },
        "own": [
            "Jalan di {loc} {rusak} dan sudah memakan korban.",
            "Aspal jalan {loc} {rusak} padahal baru diperbaiki tahun lalu.",
            "Lubang di jalan {loc} tertutup air waktu hujan, motor jatuh.",
            "Perbaikan jalan {rusak} di {loc} cuma tambal sulam.",
            "Truk bertonase berat bikin jalan {loc} {rusak}.",
            "Kualitas aspal harus diawasi, baru sebulan sudah {rusak}.",
            "Jalan menuju sekolah di {loc} {rusak} dan becek.",
            "Mohon jalan {rusak} di {loc} masuk anggaran tahun depan.",
            "Saya {feel} karena jalan depan rumah {rusak} {time}.",
            "Galian kabel dan pipa bikin jalan {loc} {rusak} tidak ditutup rapi.",
            "Semenisasi jalan gang di RT {rt} {loc} sudah {rusak}.",
        ],
        "jv": ["Dalane bolong-bolong, wis akeh sing tiba.", "Aspal neng {loc} rusak, mbok ya didandani."],
        "bjn": [
            "Jalan di {loc} tu balubang banar, banyak urang gugur.",
            "Aspalnya rusak, kada suah diperbaiki.",
        ],
        "en": ["The road in {loc} is full of potholes.", "Fix the damaged asphalt before someone gets hurt."],
        "short": [
            "Setuju, jalan rusak harus segera diperbaiki.",
            "Tolong perbaiki jalan rusak.",
            "Jalan berlubang, mohon diperbaiki.",
        ],
    },
    "lampu-jalan": {
        "units": ["pasal-64", "pasal-65/ayat-1"],
        "slots": {
            "pju": ["lampu jalan", "PJU", "penerangan jalan umum", "lampu penerangan jalan", "tiang lampu"]
        },
        "own": [
            "{pju} di {loc} mati sudah {n} bulan.",
            "Jalan {loc} gelap gulita karena {pju} tidak menyala.",
            "Karena {pju} mati, jalan {loc} rawan begal {time}.",
            "Tolong tambah {pju} di tikungan {loc}.",
            "{pju} tenaga surya yang dipasang cepat rusak.",
            "Pajak penerangan jalan dibayar tapi {pju} mati.",
            "Laporan {pju} mati tidak ditanggapi dinas perhubungan.",
            "{pju} di {loc} menyala siang hari dan mati malam hari.",
            "Saya {feel} pulang kerja lewat jalan gelap tanpa {pju}.",
            "Kabel {pju} di {loc} dicuri dan belum diganti.",
            "Pemasangan {pju} baru perlu diprioritaskan di gang padat.",
        ],
        "jv": ["Lampu dalan mati, peteng ndhedhet, wedi begal.", "PJU neng {loc} ora murup wis suwe."],
        "bjn": ["Lampu jalan di {loc} mati, kalam banar malam.", "PJU kada hidup, urang takutan lewat."],
        "en": [
            "Street lights in {loc} have been out for months.",
            "It is so dark at night without street lights.",
        ],
        "short": ["Lampu jalan mati, tolong diperbaiki.", "Tambah lampu jalan.", "PJU mati, jalan gelap."],
    },
    "air-pdam": {
        "units": ["pasal-70", "pasal-71/ayat-1"],
        "slots": {"pdam": ["air PDAM", "air bersih", "PDAM", "air ledeng", "air keran"]},
        "own": [
            "{pdam} di {loc} sering mati {time} tanpa pemberitahuan.",
            "{pdam} yang mengalir keruh dan berbau kaporit.",
            "Tagihan {pdam} naik jadi Rp{n}00.000 padahal alirannya kecil.",
            "Pipa {pdam} di {loc} bocor berminggu-minggu.",
            "Sambungan baru {pdam} di {loc} antre berbulan-bulan.",
            "Meteran {pdam} sering salah catat pemakaian.",
            "Warga terpaksa beli air galon karena {pdam} tidak mengalir.",
            "Waduk Manggar kering, cadangan air baku harus ditambah.",
            "Mobil tangki {pdam} perlu dikirim ke {loc} saat air mati.",
            "Saya {feel} karena {pdam} hanya mengalir tengah malam.",
            "Tekanan {pdam} di {loc} lemah, bak mandi tidak penuh.",
        ],
        "jv": ["Banyu PDAM mati terus, kudu tuku galon.", "Banyune butek, mambu kaporit."],
        "bjn": ["Banyu PDAM mati tarus di {loc}.", "Banyunya karuh, kada kawa dipakai mandi."],
        "en": [
            "Tap water in {loc} is cut off almost every day.",
            "The water bill keeps rising while the water is dirty.",
        ],
        "short": ["Air PDAM mati terus.", "Tolong air bersih dialirkan.", "Air keruh, mohon dicek."],
    },
    "angkot": {
        "units": ["pasal-80", "pasal-81/ayat-2"],
        "slots": {"angkot": ["angkot", "angkutan kota", "angkutan umum", "bus kota", "BRT"]},
        "own": [
            "{angkot} di trayek {loc} jarang lewat {time}.",
            "Sopir {angkot} ngetem lama di {loc} dan bikin macet.",
            "Ongkos {angkot} naik jadi Rp{n}.000 tanpa pemberitahuan.",
            "{angkot} perlu diperluas sampai ke {loc}.",
            "Halte {angkot} di {loc} rusak dan tidak beratap.",
            "Trayek {angkot} perlu diatur ulang ke perumahan baru.",
            "{angkot} harus ramah lansia dan penyandang disabilitas.",
            "Armada {angkot} tua keluar asap hitam.",
            "Jadwal {angkot} perlu dipasang di setiap halte.",
            "Saya {feel} menunggu {angkot} satu jam di {loc}.",
            "Bayar {angkot} sebaiknya bisa pakai kartu elektronik.",
        ],
        "jv": ["Angkot jarang liwat, ngenteni nganti sejam.", "Sopir angkot ngetem suwe banget neng {loc}."],
        "bjn": ["Angkot jarang lewat di {loc}, lawas banar mahadang.", "Ongkos angkot naik tarus."],
        "en": [
            "Public minibuses rarely come to {loc}.",
            "We need a proper bus route to the new housing areas.",
        ],
        "short": ["Perbanyak angkutan umum.", "Angkot jarang lewat.", "Tambah trayek angkot."],
    },
}

# A theme with no look-alike partner.
THEMES["taman"] = {
    "units": ["pasal-90", "pasal-91/ayat-1"],
    "slots": {"rth": ["ruang terbuka hijau", "taman kota", "RTH", "taman bermain", "hutan kota"]},
    "own": [
        "{rth} di {loc} kurang, anak-anak bermain di jalan.",
        "Tolong tambah {rth} di setiap kecamatan.",
        "Pohon peneduh di {rth} {loc} banyak yang ditebang.",
        "{rth} {loc} tidak terawat dan rumputnya tinggi.",
        "Lahan kosong di {loc} bisa dijadikan {rth}.",
        "Bangku dan toilet di {rth} {loc} rusak.",
        "Pengembang wajib menyediakan {rth} minimal dua puluh persen.",
        "Saya {feel} karena {rth} dijadikan tempat parkir.",
        "Jam buka {rth} perlu diperpanjang sampai malam.",
        "Permainan anak di {rth} {loc} berkarat dan berbahaya.",
    ],
    "jv": ["Taman kutha reged, ora kopen.", "Bocah-bocah ora duwe papan dolanan."],
    "bjn": ["Taman kota di {loc} kada tarawat.", "Kakanakan kada baisi wadah bamain."],
    "en": ["We need more green open space and parks.", "The city park in {loc} is neglected."],
    "short": ["Perbanyak taman kota.", "Tambah ruang terbuka hijau.", "Taman kota tolong dirawat."],
}

# Topic-neutral sentences any comment may carry (Indonesian and the other registers).
FILLER = [
    "Mohon pemerintah kota memperhatikan hal ini dengan serius.",
    "Semoga aturan ini benar-benar dijalankan dan tidak hanya di atas kertas.",
    "Saya harap DPRD mendengar suara warga kecil.",
    "Sosialisasi aturan ini perlu dilakukan sampai tingkat RT.",
    "Terima kasih sudah membuka kesempatan uji publik.",
    "Pengawasan di lapangan harus lebih tegas.",
    "Jangan sampai aturan ini hanya menambah beban warga.",
    "Sudah sering dilaporkan tapi belum ada tindak lanjut.",
    "Kami warga {loc} menunggu bukti, bukan janji.",
    "Tolong ada petugas yang turun langsung ke lapangan.",
    "Anggaran harus tepat sasaran.",
    "Masyarakat siap membantu kalau diajak bicara.",
    "Mohon maaf kalau ada kata yang kurang berkenan.",
    "Ini aspirasi warga RT {rt}.",
]
FILLER_JV = [
    "Matur nuwun sanget.",
    "Mugi-mugi enggal ditindaklanjuti.",
    "Piye iki, pak?",
    "Ojo mung janji thok.",
    "Tulung digatekke.",
]
FILLER_BJN = [
    "Tarima kasih banar.",
    "Ulun minta pian dangarkan.",
    "Kada usah bajanji haja.",
    "Mudahan lakas ditindaklanjuti.",
    "Kaya apa ini, pak?",
]
FILLER_EN = [
    "Please take action.",
    "Seriously, this is not okay.",
    "Thank you.",
    "The government should act now.",
    "We have waited long enough.",
    "Just saying.",
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
    "Jujur saja,",
    "Sejujurnya,",
    "Terus terang,",
    "Btw,",
    "Pokoknya,",
    "Nah,",
]
CLOSERS = [
    "Terima kasih.",
    "Mohon diperhatikan.",
    "Wassalam.",
    "Salam dari warga {loc}.",
    "Semoga didengar.",
    "Makasih pak.",
    "Tq.",
    "Mksh.",
]
