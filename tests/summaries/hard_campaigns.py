"""Hard labelled mass campaigns: copies that rewrite up to half of the letter or switch
language sentence by sentence, plus short organic near-duplicates that are NOT campaigns.

``generate_campaigns(rng, total, start_id)`` gives ``total`` campaign copies (label
``campaign``: the campaign id, ``topic`` None) from eight letters of 4–10 sentences, of uneven
size (one of a handful of copies, the largest several hundred at 3,000 documents). A copy keeps
a random 50–100 % of the letter's sentences nearly verbatim (slang, typos, a small edit) and
rewrites the rest with a paraphrase; some copies render rewritten sentences in English,
Javanese or Banjar instead. Greetings, closings and signatures are added and sentences
reordered. Two pairs of letters address the same clause and must stay separate campaigns.

``organic_near_duplicates(rng, total, start_id)`` gives short comments many residents write
independently ("setuju, jalan rusak harus segera diperbaiki"), ``campaign`` None.

``campaign_corpus(n, seed)`` mixes both with organic comments; ``campaign_scores`` gives
per-doc and pairwise precision and recall of found campaigns.

Deterministic for a given ``rng`` state. Used by the campaign tests and by the hard theme
corpus (``tests/summaries/hard_corpus.py``); keep both signatures stable.
"""

from __future__ import annotations

import random
from collections import Counter

from participation.summaries.textproc import Doc
from tests.summaries.synthetic import (
    CLOSINGS,
    GREETINGS,
    LabelledDoc,
    _fill,
    _informalise,
    _small_edit,
    _typo,
)

__all__ = [
    "HARD_CAMPAIGNS",
    "campaign_corpus",
    "campaign_scores",
    "generate_campaigns",
    "organic_near_duplicates",
]

# Each sentence: "s" the letter's wording, "p" paraphrases, and optionally renderings in
# English ("en"), Javanese ("jv") and Banjar ("bjn").
Sentence = dict[str, object]

HARD_CAMPAIGNS: dict[str, dict[str, object]] = {
    # Two letters against the same parking clause (drivers vs shop owners): two campaigns.
    "h-parkir-ojol": {
        "unit": "pasal-13/ayat-2",
        "stance": "object",
        "weight": 0.30,
        "s": [
            {
                "s": "Kami para pengemudi ojek daring menolak kenaikan tarif parkir dalam pasal ini.",
                "p": [
                    "Sebagai driver ojol kami tidak bisa menerima tarif parkir baru di pasal ini.",
                    "Kenaikan tarif parkir pada pasal ini kami tolak atas nama pengemudi ojek online.",
                ],
                "en": "As online motorcycle taxi drivers we reject the parking fee increase in this article.",
                "jv": "Kula pengemudi ojek online mboten setuju kalih mundhake tarif parkir ing pasal menika.",
                "bjn": "Kami bubuhan pengemudi ojek online kada sapakat tarif parkir naik di pasal ini.",
            },
            {
                "s": "Dalam sehari kami bisa berhenti di belasan titik untuk menjemput penumpang.",
                "p": [
                    "Setiap hari kami singgah di banyak tempat hanya untuk mengambil penumpang.",
                    "Satu hari kerja berarti belasan kali berhenti menjemput pelanggan.",
                ],
                "en": "In one day we stop at a dozen places to pick up passengers.",
                "jv": "Sedina kula saged mandheg ing pirang-pirang papan kangge methuk penumpang.",
                "bjn": "Sahari kami kawa baandak di belasan tampat gasan maambil penumpang.",
            },
            {
                "s": "Jika setiap berhenti dipungut parkir maka penghasilan harian kami habis.",
                "p": [
                    "Kalau tiap singgah harus bayar parkir, pendapatan sehari tidak tersisa.",
                    "Pungutan parkir di setiap titik akan menghabiskan pendapatan harian pengemudi.",
                ],
                "en": "If every stop is charged a parking fee our daily income is gone.",
                "jv": "Yen saben mandheg dijaluki parkir, penghasilan saben dinten kula telas.",
                "bjn": "Amun satiap baandak ditagih parkir, duit gawian kami sahari habis.",
            },
            {
                "s": "Kami meminta pengemudi yang berhenti kurang dari lima menit dibebaskan dari retribusi.",
                "p": [
                    "Mohon pemberhentian singkat di bawah lima menit tidak dikenai retribusi.",
                    "Berhenti sebentar kurang dari lima menit seharusnya gratis dari retribusi parkir.",
                ],
                "en": "We ask that drivers stopping under five minutes be exempt from the levy.",
                "jv": "Kula nyuwun pengemudi ingkang mandheg kirang gangsal menit dipunbebasaken retribusi.",
                "bjn": "Kami minta pengemudi nang baandak kurang matan lima menit kada ditagih retribusi.",
            },
            {
                "s": "Sediakan juga titik jemput khusus ojek daring di pusat perbelanjaan dan rumah sakit.",
                "p": [
                    "Pemerintah perlu membuat zona penjemputan ojol di mal dan rumah sakit.",
                    "Tolong buatkan tempat jemput khusus untuk ojek online di mal serta rumah sakit.",
                ],
                "en": "Please also provide pick-up points for online taxis at malls and hospitals.",
                "jv": "Mugi dipunsediakaken papan methuk khusus ojek online ing mal lan rumah sakit.",
                "bjn": "Ulun minta diulahakan tampat jemput khusus ojek online di mal wan rumah sakit.",
            },
            {
                "s": "Kami siap diajak berdiskusi agar aturan ini adil bagi semua pihak.",
                "p": [
                    "Perwakilan pengemudi bersedia diundang rapat supaya aturannya adil.",
                    "Silakan libatkan kami dalam pembahasan supaya pasal ini tidak berat sebelah.",
                ],
                "en": "We are ready to discuss so that this rule is fair to everyone.",
                "jv": "Kula siap dipunajak rembugan supados aturan menika adil kagem sedaya.",
                "bjn": "Kami siap diajak bapandir supaya aturan ini adil gasan samunyaan.",
            },
        ],
    },
    "h-parkir-toko": {
        "unit": "pasal-13/ayat-2",
        "stance": "object",
        "weight": 0.14,
        "s": [
            {
                "s": "Kami pemilik toko di kawasan pertokoan keberatan dengan tarif parkir progresif.",
                "p": [
                    "Sebagai pedagang pemilik ruko kami tidak setuju parkir dikenai tarif progresif.",
                    "Tarif parkir yang naik per jam memberatkan kami para pemilik toko.",
                ],
            },
            {
                "s": "Pelanggan enggan mampir karena harus membayar mahal untuk belanja sebentar.",
                "p": [
                    "Pembeli jadi malas singgah karena parkir sebentar saja sudah mahal.",
                    "Orang tidak mau belanja di toko kami kalau parkirnya semahal itu.",
                ],
            },
            {
                "s": "Omzet toko di sepanjang jalan utama sudah turun sejak pandemi.",
                "p": [
                    "Penjualan kami di jalan protokol belum pulih setelah pandemi.",
                    "Sejak pandemi pendapatan pertokoan di jalan utama terus merosot.",
                ],
            },
            {
                "s": "Kami mengusulkan tarif parkir flat untuk satu jam pertama di depan toko.",
                "p": [
                    "Usul kami satu jam pertama parkir di depan toko memakai tarif tetap.",
                    "Sebaiknya jam pertama parkir di depan pertokoan dikenai tarif datar saja.",
                ],
            },
            {
                "s": "Pasal ini perlu mempertimbangkan nasib usaha kecil dan menengah.",
                "p": [
                    "Rumusan pasal harus memikirkan kelangsungan UMKM.",
                    "Tolong pertimbangkan pelaku usaha kecil saat menyusun pasal ini.",
                ],
            },
        ],
    },
    "h-pkl-relokasi": {
        "unit": "pasal-31/ayat-2",
        "stance": "object",
        "weight": 0.16,
        "s": [
            {
                "s": "Kami paguyuban pedagang pasar malam menolak relokasi ke lokasi yang baru.",
                "p": [
                    "Atas nama paguyuban pedagang pasar malam kami tidak mau dipindahkan.",
                    "Pemindahan lapak pasar malam ke tempat baru kami tolak bersama.",
                ],
                "en": "We, the night market traders' association, reject the relocation to the new site.",
                "jv": "Kula paguyuban bakul pasar malam mboten purun dipindhah teng panggenan enggal.",
                "bjn": "Kami paguyuban padagang pasar malam kada handak dipindah ka tampat hanyar.",
            },
            {
                "s": "Lokasi relokasi berada jauh dari permukiman dan tidak dilalui angkutan umum.",
                "p": [
                    "Tempat pengganti itu jauh dari rumah warga dan tidak ada angkot ke sana.",
                    "Lahan relokasi terpencil, jauh dari perumahan dan tanpa trayek angkutan.",
                ],
                "en": "The relocation site is far from housing and no public transport goes there.",
                "jv": "Panggenan relokasi menika tebih saking griya warga lan mboten wonten angkot.",
                "bjn": "Tampat relokasi tu jauh matan rumah urang wan kada dilalui angkot.",
            },
            {
                "s": "Pembeli kami sebagian besar warga sekitar yang datang berjalan kaki.",
                "p": [
                    "Kebanyakan pelanggan kami tetangga sekitar yang datang jalan kaki.",
                    "Mayoritas pembeli adalah warga dekat pasar yang berjalan ke lapak.",
                ],
                "en": "Most of our customers are local residents who come on foot.",
                "jv": "Pembeli kula kathahipun tiyang sekitar ingkang rawuh mlampah.",
                "bjn": "Nang tukar di kami kebanyakan urang sakitar nang datang bajalan batis.",
            },
            {
                "s": "Di tempat baru dagangan kami pasti sepi dan banyak pedagang akan gulung tikar.",
                "p": [
                    "Kalau pindah, lapak akan sepi pembeli dan pedagang bisa bangkrut.",
                    "Relokasi itu membuat jualan sepi sampai banyak pedagang tutup usaha.",
                ],
                "en": "At the new site our stalls will be empty and many traders will go bankrupt.",
                "jv": "Ing papan enggal dagangan kula mesthi sepi lan kathah bakul ingkang bangkrut.",
                "bjn": "Di tampat hanyar dagangan kami pasti sunyi wan banyak padagang bangkrut.",
            },
            {
                "s": "Kami bersedia menata lapak agar trotoar tetap bisa dilalui pejalan kaki.",
                "p": [
                    "Pedagang siap merapikan lapak supaya trotoar tetap lega untuk pejalan kaki.",
                    "Kami mau mengatur ulang lapak agar jalur pejalan kaki tidak terhalang.",
                ],
                "en": "We are willing to arrange our stalls so pedestrians can still use the sidewalk.",
                "jv": "Kula purun nata lapak supados trotoar taksih saged dipunlewati tiyang mlampah.",
                "bjn": "Kami siap manata lapak supaya trotoar kawa dilalui urang bajalan.",
            },
            {
                "s": "Mohon jam operasional pasar malam diatur tanpa memindahkan pedagang.",
                "p": [
                    "Lebih baik atur jam buka pasar malam daripada memindahkan kami.",
                    "Cukup batasi jam berjualan pasar malam, jangan pindahkan pedagangnya.",
                ],
                "en": "Please regulate the night market opening hours without moving the traders.",
                "jv": "Nyuwun jam bukak pasar malam dipunatur tanpa mindhah bakul.",
                "bjn": "Ulun minta jam buka pasar malam diatur haja kada usah mamindah padagang.",
            },
            {
                "s": "Hapus kata relokasi wajib dari ayat ini dan ganti dengan penataan bersama.",
                "p": [
                    "Ganti frasa relokasi wajib dalam ayat ini menjadi penataan bersama pedagang.",
                    "Kami usul ayat ini tidak memuat relokasi wajib melainkan penataan bersama.",
                ],
                "en": "Remove mandatory relocation from this clause and replace it with joint arrangement.",
                "jv": "Tembung relokasi wajib ing ayat menika dipunbusak lan dipungantos penataan sesarengan.",
                "bjn": "Hapus kata relokasi wajib di ayat ini wan ganti lawan penataan basama.",
            },
        ],
    },
    # Two letters on the same waste-fee clause: two campaigns.
    "h-sampah-iuran": {
        "unit": "pasal-22/ayat-1",
        "stance": "amend",
        "weight": 0.10,
        "s": [
            {
                "s": "Iuran sampah yang disamakan untuk semua rumah tangga tidak adil.",
                "p": [
                    "Besaran iuran sampah yang sama rata bagi semua rumah itu tidak adil.",
                    "Menyamakan iuran kebersihan untuk setiap rumah tangga jelas tidak adil.",
                ],
            },
            {
                "s": "Keluarga kecil di gang sempit membayar sama dengan rumah besar di perumahan elite.",
                "p": [
                    "Rumah kecil di gang bayar sebanyak rumah mewah di kompleks elite.",
                    "Warga gang sempit menanggung iuran yang sama dengan pemilik rumah besar.",
                ],
            },
            {
                "s": "Kami mengusulkan iuran dihitung berdasarkan daya listrik rumah.",
                "p": [
                    "Usul kami besaran iuran mengikuti golongan daya listrik PLN rumah tersebut.",
                    "Sebaiknya iuran sampah ditentukan dari besar daya listrik tiap rumah.",
                ],
            },
            {
                "s": "Dengan cara itu iuran lebih ringan bagi warga berpenghasilan rendah.",
                "p": [
                    "Cara ini meringankan beban warga yang penghasilannya kecil.",
                    "Warga kurang mampu akan membayar lebih sedikit dengan cara tersebut.",
                ],
            },
        ],
    },
    "h-sampah-bank": {
        "unit": "pasal-22/ayat-1",
        "stance": "amend",
        "weight": 0.08,
        "s": [
            {
                "s": "Ayat tentang iuran sampah sebaiknya memberi potongan bagi nasabah bank sampah.",
                "p": [
                    "Tambahkan potongan iuran sampah untuk warga yang menabung di bank sampah.",
                    "Nasabah bank sampah layak mendapat keringanan iuran dalam ayat ini.",
                ],
                "en": "The clause on the waste fee should give a discount to waste bank members.",
                "jv": "Ayat bab iuran sampah prayogi maringi potongan kangge nasabah bank sampah.",
                "bjn": "Ayat masalah iuran sampah baiknya mambari potongan gasan nasabah bank sampah.",
            },
            {
                "s": "Warga yang memilah sampah di rumah sudah mengurangi beban TPA Manggar.",
                "p": [
                    "Rumah tangga yang memilah sampah ikut meringankan TPA Manggar.",
                    "Pemilahan sampah dari rumah sudah membantu mengurangi timbunan di TPA Manggar.",
                ],
                "en": "Residents who sort waste at home already reduce the load on the Manggar landfill.",
                "jv": "Warga ingkang milah sampah ing griya sampun ngirangi momotan TPA Manggar.",
                "bjn": "Urang nang mamilah sampah di rumah sudah mangurangi babanan TPA Manggar.",
            },
            {
                "s": "Tabungan bank sampah bisa langsung dipakai untuk membayar iuran bulanan.",
                "p": [
                    "Saldo bank sampah seharusnya bisa memotong iuran setiap bulan.",
                    "Izinkan pembayaran iuran bulanan memakai saldo tabungan bank sampah.",
                ],
                "en": "Waste bank savings could be used directly to pay the monthly fee.",
                "jv": "Tabungan bank sampah saged langsung dipunagem mbayar iuran saben wulan.",
                "bjn": "Tabungan bank sampah kawa langsung dipakai gasan mambayar iuran bulanan.",
            },
            {
                "s": "Pengurus bank sampah di tiap kelurahan perlu mendapat pendampingan dari dinas.",
                "p": [
                    "Dinas lingkungan hidup harus membina pengurus bank sampah kelurahan.",
                    "Pendampingan dinas dibutuhkan oleh pengelola bank sampah di kelurahan.",
                ],
                "en": "Waste bank managers in each ward need support from the agency.",
                "jv": "Pengurus bank sampah ing saben kelurahan perlu dipundampingi dinas.",
                "bjn": "Pangurus bank sampah di tiap kelurahan parlu didampingi dinas.",
            },
            {
                "s": "Insentif seperti ini akan membuat lebih banyak warga mau memilah sampah.",
                "p": [
                    "Dengan insentif itu makin banyak rumah tangga tertarik memilah sampah.",
                    "Potongan iuran akan mendorong warga lain ikut memilah sampahnya.",
                ],
                "en": "Incentives like this will make more residents willing to sort their waste.",
                "jv": "Insentif kados menika badhe ndadosaken warga langkung purun milah sampah.",
                "bjn": "Insentif nang kaya ini maulah labih banyak urang handak mamilah sampah.",
            },
        ],
    },
    "h-banjir-pengembang": {
        "unit": "pasal-41/ayat-1",
        "stance": "amend",
        "weight": 0.12,
        "s": [
            {
                "s": "Kami warga perumahan di hilir sungai Ampal menjadi korban banjir setiap musim hujan.",
                "p": [
                    "Setiap musim hujan rumah kami di hilir sungai Ampal kebanjiran.",
                    "Warga kompleks di bagian hilir sungai Ampal selalu terendam saat hujan deras.",
                ],
                "en": "We residents downstream of the Ampal river are flooded every rainy season.",
                "jv": "Kula warga perumahan ing hilir kali Ampal dados korban banjir saben mangsa rendheng.",
                "bjn": "Kami warga perumahan di hilir sungai Ampal kena banjir satiap musim hujan.",
            },
            {
                "s": "Banjir makin parah sejak bukit di hulu diratakan untuk perumahan baru.",
                "p": [
                    "Sejak perbukitan di hulu dikupas untuk kompleks baru, banjirnya bertambah parah.",
                    "Pengerukan bukit di hulu demi perumahan membuat banjir semakin besar.",
                ],
                "en": "The floods have worsened since the hills upstream were levelled for new housing.",
                "jv": "Banjir saya parah wiwit gunung ing hulu dipunratakaken kangge perumahan enggal.",
                "bjn": "Banjir tambah parah sajak gunung di hulu diratakan gasan perumahan hanyar.",
            },
            {
                "s": "Pasal ini harus mewajibkan pengembang membangun kolam retensi sebelum menjual rumah.",
                "p": [
                    "Wajibkan pengembang membuat kolam retensi dulu baru boleh memasarkan rumah.",
                    "Pengembang tidak boleh menjual unit sebelum kolam retensinya selesai dibangun.",
                ],
                "en": "This article must require developers to build a retention pond before selling houses.",
                "jv": "Pasal menika kedah mewajibaken pengembang damel kolam retensi saderengipun sade griya.",
                "bjn": "Pasal ini harus mawajibakan pengembang maulah kolam retensi sabalum bajual rumah.",
            },
            {
                "s": "Luas kolam retensi harus dihitung dari luas lahan yang dibuka.",
                "p": [
                    "Ukuran kolam retensi perlu sebanding dengan luas tanah yang dibuka pengembang.",
                    "Besar kolam retensi ditetapkan menurut luas lahan yang dikupas.",
                ],
                "en": "The size of the retention pond must be calculated from the area of land cleared.",
                "jv": "Ambane kolam retensi kedah dipunetang saking ambane lahan ingkang dipunbikak.",
                "bjn": "Luasnya kolam retensi harus dihitung matan luas lahan nang dibuka.",
            },
            {
                "s": "Izin pengembang yang tidak memenuhi kewajiban ini harus dibekukan.",
                "p": [
                    "Bekukan izin pengembang yang melanggar kewajiban kolam retensi.",
                    "Pengembang yang lalai membangun kolam retensi wajib dibekukan izinnya.",
                ],
                "en": "Developers who fail this obligation must have their permits frozen.",
                "jv": "Izin pengembang ingkang mboten nglampahi kewajiban menika kedah dipunbekukaken.",
                "bjn": "Izin pengembang nang kada manuruti kewajiban ini harus dibekukan.",
            },
            {
                "s": "Pemeriksaan kolam retensi dilakukan setiap tahun dan hasilnya diumumkan.",
                "p": [
                    "Hasil pengecekan tahunan kolam retensi harus dibuka kepada publik.",
                    "Setiap tahun kolam retensi diperiksa dan laporannya disiarkan kepada warga.",
                ],
                "en": "Retention ponds are inspected every year and the results published.",
                "jv": "Kolam retensi dipunpriksa saben taun lan asilipun dipunumumaken.",
                "bjn": "Kolam retensi dipariksa satiap tahun wan hasilnya diumumakan.",
            },
            {
                "s": "Warga yang rumahnya rusak karena banjir berhak menuntut ganti rugi.",
                "p": [
                    "Korban banjir yang rumahnya rusak boleh meminta ganti rugi.",
                    "Kerusakan rumah akibat banjir harus bisa dituntut ganti ruginya oleh warga.",
                ],
                "en": "Residents whose homes are damaged by floods are entitled to compensation.",
                "jv": "Warga ingkang griyanipun risak amargi banjir gadhah hak nuntut ganti rugi.",
                "bjn": "Warga nang rumahnya rusak marga banjir baisi hak manuntut ganti rugi.",
            },
            {
                "s": "Kami mohon DPRD tidak mengesahkan pasal ini tanpa ketentuan tersebut.",
                "p": [
                    "Jangan sahkan pasal ini sebelum ketentuan itu dimasukkan.",
                    "DPRD kami minta menunda pengesahan sampai ketentuan ini tercantum.",
                ],
                "en": "We ask the council not to pass this article without those provisions.",
                "jv": "Kula nyuwun DPRD mboten ngesahaken pasal menika tanpa ketentuan kasebat.",
                "bjn": "Kami minta DPRD jangan mangesahakan pasal ini amun kada ada katentuan itu.",
            },
        ],
    },
    "h-air-tarif": {
        "unit": "pasal-72",
        "stance": "object",
        "weight": 0.08,
        "s": [
            {
                "s": "Kami pelanggan air minum di Balikpapan Utara menolak kenaikan tarif air.",
                "p": [
                    "Sebagai pelanggan PDAM di Balikpapan Utara kami tidak setuju tarif air naik.",
                    "Kenaikan tarif air kami tolak, kami pelanggan di wilayah Balikpapan Utara.",
                ],
                "en": "We water customers in North Balikpapan reject the water tariff increase.",
                "jv": "Kula pelanggan toya ing Balikpapan Utara mboten setuju tarif toya mundhak.",
                "bjn": "Kami palanggan banyu di Balikpapan Utara kada sapakat tarif banyu naik.",
            },
            {
                "s": "Air hanya mengalir dua hari dalam seminggu di rumah kami.",
                "p": [
                    "Dalam satu minggu air di rumah kami cuma keluar dua hari.",
                    "Kami hanya mendapat aliran air dua kali seminggu.",
                ],
                "en": "Water only flows two days a week in our homes.",
                "jv": "Toya namung mili kaping kalih saben minggu ing griya kula.",
                "bjn": "Banyu cuma mangalir dua hari saminggu di rumah kami.",
            },
            {
                "s": "Kami terpaksa membeli air tandon dengan harga ratusan ribu rupiah.",
                "p": [
                    "Warga harus membeli air dari tandon keliling yang harganya ratusan ribu.",
                    "Untuk mandi dan masak kami membeli air tangki seharga ratusan ribu rupiah.",
                ],
                "en": "We are forced to buy tank water for hundreds of thousands of rupiah.",
                "jv": "Kula kepeksa tumbas toya tandon regine atusan ewu rupiah.",
                "bjn": "Kami tapaksa manukar banyu tandon haraganya ratusan ribu rupiah.",
            },
            {
                "s": "Meteran tetap berputar walaupun yang keluar dari keran hanya angin.",
                "p": [
                    "Angka meteran naik terus padahal keran cuma mengeluarkan udara.",
                    "Walau keran kosong dan hanya berisi angin, meteran tetap jalan.",
                ],
                "en": "The meter keeps turning even when only air comes out of the tap.",
                "jv": "Meteran tetep muter senajan ingkang medal saking keran namung angin.",
                "bjn": "Meteran tatap bapusing walaupun nang kaluar matan keran cuma angin.",
            },
            {
                "s": "Tagihan bulan lalu naik padahal pemakaian kami berkurang.",
                "p": [
                    "Bulan kemarin tagihan membengkak walau kami lebih hemat air.",
                    "Pemakaian turun tetapi tagihan bulan lalu justru lebih besar.",
                ],
                "en": "Last month's bill went up although we used less.",
                "jv": "Tagihan wulan wingi mundhak senajan panganggen kula suda.",
                "bjn": "Tagihan bulan tadi naik padahal pamakaian kami bakurang.",
            },
            {
                "s": "Perusahaan daerah air minum belum memperbaiki pipa bocor di Jalan Soekarno Hatta.",
                "p": [
                    "Pipa bocor di Jalan Soekarno Hatta belum juga diperbaiki PDAM.",
                    "Kebocoran pipa di sepanjang Jalan Soekarno Hatta dibiarkan perusahaan air minum.",
                ],
                "en": "The water company has not fixed the leaking pipe on Jalan Soekarno Hatta.",
                "jv": "PDAM dereng ndandosi pipa bocor ing Jalan Soekarno Hatta.",
                "bjn": "PDAM balum mambaiki pipa bocor di Jalan Soekarno Hatta.",
            },
            {
                "s": "Kenaikan tarif hanya layak setelah pelayanan membaik.",
                "p": [
                    "Tarif boleh dinaikkan kalau pelayanannya sudah bagus.",
                    "Perbaiki pelayanan dahulu, baru bicara kenaikan tarif.",
                ],
                "en": "A tariff increase is only fair once the service improves.",
                "jv": "Mundhake tarif namung pantes sasampunipun pelayanan sae.",
                "bjn": "Naik tarif cuma pantas imbah palayanan bagus.",
            },
            {
                "s": "Kami meminta audit independen atas kinerja dan keuangan perusahaan air minum.",
                "p": [
                    "Perlu audit oleh lembaga independen terhadap kinerja serta keuangan PDAM.",
                    "Keuangan dan kinerja perusahaan air minum harus diaudit pihak independen.",
                ],
                "en": "We ask for an independent audit of the water company's performance and finances.",
                "jv": "Kula nyuwun audit independen babagan kinerja lan keuangan PDAM.",
                "bjn": "Kami minta audit independen gasan kinerja wan kauangan PDAM.",
            },
            {
                "s": "Hasil audit itu harus dibuka kepada pelanggan sebelum tarif dibahas.",
                "p": [
                    "Pelanggan berhak membaca hasil audit sebelum pembahasan tarif.",
                    "Sebelum membahas tarif, laporan audit wajib diumumkan kepada pelanggan.",
                ],
                "en": "The audit results must be shared with customers before the tariff is discussed.",
                "jv": "Asil audit kedah dipunbikak dhateng pelanggan saderengipun tarif dipunrembag.",
                "bjn": "Hasil audit itu harus dibuka ka palanggan sabalum tarif dibahas.",
            },
            {
                "s": "Tanpa perbaikan nyata kami akan terus menyuarakan penolakan ini.",
                "p": [
                    "Selama tidak ada perbaikan, penolakan ini akan terus kami sampaikan.",
                    "Kami tidak akan berhenti menolak sampai ada perbaikan yang terasa.",
                ],
                "en": "Without real improvement we will keep voicing this objection.",
                "jv": "Tanpa perbaikan ingkang nyata kula badhe terus nyuarakaken penolakan menika.",
                "bjn": "Amun kada ada parbaikan nang nyata kami tatap manyuarakan panulakan ini.",
            },
        ],
    },
    # The small one: a handful of copies whatever the total.
    "h-angkot-sopir": {
        "unit": "pasal-61/ayat-2",
        "stance": "question",
        "weight": 0.0,
        "s": [
            {
                "s": "Bagaimana nasib sopir angkot trayek enam setelah izin trayek dialihkan ke koperasi?",
                "p": [
                    "Apa jadinya sopir trayek enam kalau izinnya diambil alih koperasi?",
                    "Sopir angkot jalur enam akan ke mana setelah koperasi memegang izin trayek?",
                ],
            },
            {
                "s": "Kami sudah menyetir di trayek ini lebih dari dua puluh tahun.",
                "p": [
                    "Lebih dari dua dekade kami mencari nafkah di jalur ini.",
                    "Sudah dua puluh tahun lebih kami narik angkot di trayek tersebut.",
                ],
            },
            {
                "s": "Apakah sopir lama otomatis menjadi anggota koperasi tanpa biaya pendaftaran?",
                "p": [
                    "Apa sopir lama langsung diterima jadi anggota koperasi tanpa bayar?",
                    "Mohon penjelasan apakah pengemudi lama masuk koperasi tanpa uang pangkal.",
                ],
            },
            {
                "s": "Siapa yang menanggung cicilan mobil yang belum lunas jika izin dicabut?",
                "p": [
                    "Kalau izin dicabut, siapa yang membayar sisa kredit mobil kami?",
                    "Cicilan kendaraan yang belum selesai jadi tanggungan siapa setelah izin hilang?",
                ],
            },
        ],
    },
}

NAMES = [
    "Budi Santoso",
    "Siti Rahmah",
    "Ahmad Fauzi",
    "Dewi Lestari",
    "Muhammad Rizky",
    "Nur Aini",
    "Rudi Hartono",
    "Sri Wahyuni",
    "Hendra Gunawan",
    "Rina Marlina",
    "Agus Salim",
    "Yuliani",
    "Iwan Setiawan",
    "Fitri Handayani",
    "Joko Susilo",
    "Hj. Norhayati",
    "Gusti Rahman",
    "Syahrani",
    "Taufik Hidayat",
    "Wahyu Nugroho",
]
SIGNATURES = [
    "Hormat saya, {name}.",
    "{name}, warga {loc}.",
    "Ttd {name}.",
    "Salam, {name} ({loc}).",
    "Dari {name}, RT {rt} {loc}.",
]
LANGS = ("en", "jv", "bjn")


def _sizes(rng: random.Random, total: int) -> dict[str, int]:
    cids = sorted(HARD_CAMPAIGNS)
    small = [c for c in cids if not HARD_CAMPAIGNS[c]["weight"]]
    sizes = {c: min(total, rng.randint(4, 6)) for c in small}
    rest = total - sum(sizes.values())
    big = [c for c in cids if c not in sizes]
    wsum = sum(float(HARD_CAMPAIGNS[c]["weight"]) for c in big)  # type: ignore[arg-type]
    for c in big:
        sizes[c] = int(rest * float(HARD_CAMPAIGNS[c]["weight"]) / wsum)  # type: ignore[arg-type]
    largest = max(big, key=lambda c: float(HARD_CAMPAIGNS[c]["weight"]))  # type: ignore[arg-type]
    sizes[largest] += total - sum(sizes.values())
    return sizes


def _verbatim(sentence: str, rng: random.Random) -> str:
    if rng.random() < 0.25:
        sentence = _small_edit(sentence, rng)
    return sentence


def _copy(cid: str, rng: random.Random) -> str:
    spec = HARD_CAMPAIGNS[cid]
    letter: list[Sentence] = spec["s"]  # type: ignore[assignment]
    n = len(letter)
    keep = set(rng.sample(range(n), max(1, round(n * rng.uniform(0.5, 1.0)))))
    # Some copies switch language for the sentences they rewrite (when the letter has them).
    lang = rng.choice(LANGS) if "en" in letter[0] and rng.random() < 0.35 else None
    parts: list[str] = []
    for i, sent in enumerate(letter):
        if i in keep:
            parts.append(_verbatim(str(sent["s"]), rng))
        elif lang is not None and rng.random() < 0.7:
            parts.append(str(sent[lang]))
        else:
            parts.append(rng.choice(sent["p"]))  # type: ignore[arg-type]
    if rng.random() < 0.4:
        rng.shuffle(parts)
    elif rng.random() < 0.3:
        parts.insert(rng.randrange(len(parts)), parts.pop(rng.randrange(len(parts))))
    if rng.random() < 0.5:
        parts.insert(0, rng.choice(GREETINGS))
    if rng.random() < 0.5:
        parts.append(_fill(rng.choice(CLOSINGS), rng))
    if rng.random() < 0.4:
        sig = rng.choice(SIGNATURES).replace("{name}", rng.choice(NAMES))
        parts.append(_fill(sig, rng))
    text = " ".join(parts)
    text = _informalise(text, rng, 0.3)
    for _ in range(rng.choice([0, 1, 1, 2, 3])):
        text = _typo(text, rng)
    if rng.random() < 0.15:
        text = text.lower()
    if rng.random() < 0.1:
        text = text.replace(". ", ".\n")
    return text


def generate_campaigns(rng: random.Random, total: int, start_id: int) -> list[LabelledDoc]:
    """``total`` campaign copies with ids ``start_id``.. in a shuffled campaign order."""
    sizes = _sizes(rng, total)
    order = [c for c in sorted(sizes) for _ in range(sizes[c])]
    rng.shuffle(order)
    out: list[LabelledDoc] = []
    for k, cid in enumerate(order):
        spec = HARD_CAMPAIGNS[cid]
        stance = str(spec["stance"]) if rng.random() < 0.92 else rng.choice(["support", "amend"])
        doc = Doc(
            id=start_id + k,
            text=_copy(cid, rng),
            stance=stance,
            unit_key=str(spec["unit"]),
            external_id=f"hc-{start_id + k}",
        )
        out.append(LabelledDoc(doc=doc, topic=None, campaign=cid))
    return out


# Short comments many residents write on their own: identical or nearly so, never a campaign.
COMMON = [
    ("Setuju, jalan rusak harus segera diperbaiki.", "support"),
    ("Saya setuju dengan pasal ini.", "support"),
    ("Tolong jalan di depan rumah kami diaspal.", "amend"),
    ("Saya tidak setuju dengan kenaikan tarif parkir.", "object"),
    ("Sampah harus diangkut setiap hari.", "amend"),
    ("Mohon drainase di lingkungan kami diperbaiki.", "amend"),
    ("Air PDAM sering mati, mohon diperbaiki.", "object"),
    ("Lampu jalan di gang kami mati, tolong diganti.", "amend"),
    ("Setuju, PKL harus ditata tapi jangan digusur.", "support"),
    ("Angkot jarang lewat, mohon trayeknya ditambah.", "amend"),
    ("Tarif parkir terlalu mahal.", "object"),
    ("Banjir terus kalau hujan, tolong ditangani.", "object"),
    ("Bagaimana cara mengurus izin bangunan?", "question"),
    ("Mantap, semoga cepat direalisasikan.", "support"),
    ("Kapan aturan ini mulai berlaku?", "question"),
    ("Sangat mendukung, semoga pengawasannya tegas.", "support"),
]
PREFIXES = ["", "", "", "Saya ", "Kami warga {loc}, ", "Pak, ", "Intinya ", "Pokoknya "]
SUFFIXES = [
    "",
    "",
    "",
    " Terima kasih.",
    " Mohon ditindaklanjuti.",
    " Di {loc}.",
    " Makasih pak.",
    " Semoga didengar.",
]


def organic_near_duplicates(rng: random.Random, total: int, start_id: int) -> list[LabelledDoc]:
    """``total`` short independent comments (ids from ``start_id``) that repeat each other."""
    out: list[LabelledDoc] = []
    for k in range(total):
        base, stance = rng.choice(COMMON)
        prefix = rng.choice(PREFIXES) if rng.random() < 0.4 else ""
        prefix = _fill(prefix, rng) if prefix else ""
        text = prefix + (base[0].lower() + base[1:] if prefix else base)
        suffix = rng.choice(SUFFIXES) if rng.random() < 0.4 else ""
        if suffix:
            text += " " + _fill(suffix.strip(), rng)
        if rng.random() < 0.15:  # two short ones in one comment
            text += " " + rng.choice(COMMON)[0]
        text = _informalise(text, rng, 0.4)
        if rng.random() < 0.3:
            text = _typo(text, rng)
        if rng.random() < 0.3:
            text = text.lower()
        unit = f"pasal-{rng.randint(1, 80)}"
        doc = Doc(id=start_id + k, text=text, stance=stance, unit_key=unit, external_id=f"hn-{start_id + k}")
        out.append(LabelledDoc(doc=doc, topic="umum", campaign=None))
    return out


def campaign_corpus(n: int, seed: int) -> list[LabelledDoc]:
    """``n`` docs with ids 1..n: half organic comments (``synthetic.generate``), 40 % hard
    campaign copies and 10 % organic near-duplicates, in a shuffled order."""
    from tests.summaries.synthetic import generate

    rng = random.Random(seed)
    n_org, n_camp = n // 2, n * 2 // 5
    docs = generate(n_org, seed=seed, campaign_share=0.0)
    docs += generate_campaigns(rng, n_camp, n_org + 1)
    docs += organic_near_duplicates(rng, n - n_org - n_camp, n_org + n_camp + 1)
    rng.shuffle(docs)
    return docs


def _pairs(counter: Counter[object]) -> int:
    return sum(v * (v - 1) // 2 for v in counter.values())


def campaign_scores(labelled: list[LabelledDoc], groups: list[tuple[int, ...]]) -> dict[str, float]:
    """Per doc (in a campaign or not) and per pair (same campaign or not) precision and recall
    of found ``groups`` (doc ids per campaign) against the labels."""
    truth = {x.doc.id: x.campaign for x in labelled}
    pred = {i: k for k, ids in enumerate(groups) for i in ids}
    actual_docs = sum(c is not None for c in truth.values())
    hit_docs = sum(truth[i] is not None for i in pred)
    hit_pairs = _pairs(Counter((pred[i], truth[i]) for i in pred if truth[i] is not None))
    pred_pairs = _pairs(Counter(pred.values()))
    actual_pairs = _pairs(Counter(c for c in truth.values() if c is not None))
    return {
        "doc_precision": hit_docs / len(pred) if pred else 1.0,
        "doc_recall": hit_docs / actual_docs if actual_docs else 1.0,
        "pair_precision": hit_pairs / pred_pairs if pred_pairs else 1.0,
        "pair_recall": hit_pairs / actual_pairs if actual_pairs else 1.0,
    }
