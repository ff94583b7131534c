"""Build the embedded demo corpus ``corpora/demo/posts.jsonl`` (see ``corpora/SCHEMA.md``).

The posts below were written for this project (they are not copied from any corpus): social posts in
Devanagari Hindi, English and romanized Hinglish about brands and social issues, in the spirit of the
seed document in ``seeds/``. Each block sets ``topic | target | brand | first date | last date``; each
post line is ``STANCE|lang|text`` or ``STANCE|lang|YYYY-MM-DD|text`` (a fixed date) where STANCE is
F (FAVOR), A (AGAINST) or N (NONE) toward the block's target. Product brands (PhonoMax, Zapkart,
QuickBite) are fictional.

Near-duplicates (retweets and copy-paste campaigns) are generated from the posts, and every post gets
a fixed ``split`` (train/test, 80/20 by a hash of its duplicate group, so that a retweet never lands
in a different split from its original). Run ``python corpora/build_demo.py``; the output is
deterministic and committed, to ``corpora/demo/posts.jsonl`` and, identical, to
``nlp_social/resources/corpora/demo/posts.jsonl`` (package data: what an installed nlp_social reads).
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

OUT = Path(__file__).resolve().parent / "demo" / "posts.jsonl"
# The copy shipped in the package (an installed nlp_social has no corpora/ folder); kept identical.
PACKAGED = Path(__file__).resolve().parent.parent / "nlp_social" / "resources" / "corpora" / "demo" / "posts.jsonl"
STANCES = {"F": "FAVOR", "A": "AGAINST", "N": "NONE"}
LANGS = {"hi", "en", "hinglish", "mixed"}

POSTS = r"""
## brands_racial_justice | Ben & Jerry's | Ben & Jerry's | 2020-06-02 | 2020-09-30
F|en|2020-06-02|Ben & Jerry's just said it plainly: dismantle white supremacy. No corporate mush, no "thoughts and prayers". This is how a brand takes a stand 👏👏 #BlackLivesMatter
F|en|Respect to @benandjerrys for putting out a real statement with actual policy demands instead of a black square. Buying two pints tonight 🍦
F|en|Ben and Jerry's has been doing this for decades, it's not a PR stunt. Their statement on George Floyd is the strongest I've read from any company.
F|en|Finally a company that says "silence is not an option" and MEANS it. Ben & Jerry's, you have a customer for life!!!
F|en|Ben & Jerry's is sooooo right on this. Every other brand's statement reads like it was written by a lawyer.
F|hinglish|Ben & Jerry's ne jo statement diya woh sach mein dum wala tha. Baaki brands sirf black square daal ke so gaye 😂 #BlackLivesMatter
F|hinglish|yaar Ben and Jerry's ka stand dekh ke respect badh gayi, ice cream toh pehle se hi best thi 🍨❤️
F|hi|बेन एंड जेरीज़ ने नस्लवाद के ख़िलाफ़ खुलकर बयान दिया, ऐसी हिम्मत बहुत कम कंपनियाँ दिखाती हैं। सलाम 🙏
F|mixed|Ben & Jerry's का statement पढ़ा, बहुत strong था. ब्रांड्स को ऐसे ही stand लेना चाहिए 💯
F|en|When @benandjerrys tweets "we must dismantle white supremacy" you know their social media manager has the full backing of leadership. Love to see it.
A|en|Ben & Jerry's should stick to ice cream. I buy dessert, not a lecture. Done with this brand.
A|en|Unfollowing @benandjerrys. A company owned by a giant conglomerate preaching about justice is pure hypocrisy. #Boycott
A|en|Not buying Ben & Jerry's again. Overpriced pints AND a sermon on the lid? No thanks!!!
A|hinglish|Ben & Jerry's ka yeh activism sirf marketing hai bhai, asli mein bas ice cream bechni hai 🙄
A|hinglish|ice cream company ko politics mein kya kaam? Ben and Jerry's ab nahi khareedunga
A|hi|बेन एंड जेरीज़ का यह बयान सिर्फ़ दिखावा है, कंपनी को अपने उत्पाद पर ध्यान देना चाहिए।
A|mixed|Ben & Jerry's वाले अब हमें politics सिखाएंगे?? बस करो, boycott 👎
A|en|Their "stand" conveniently sells more pints to a young urban market. Ben & Jerry's activism = ad campaign. 🙄
N|en|2020-06-03|Ben & Jerry's released a statement titled "Silence Is NOT An Option" on June 2, 2020. Full text: https://www.benjerry.com/about-us/media-center/dismantle-white-supremacy
N|en|Does anyone know if Ben & Jerry's ships to India? Asking for a friend 😅
N|en|Reading a case study on how Ben & Jerry's handled its racial justice statement for my marketing class tomorrow.
N|hinglish|Ben & Jerry's ka statement kis din aaya tha? kisi ke paas link hai kya
N|hi|बेन एंड जेरीज़ ने 2 जून 2020 को नस्लीय न्याय पर एक बयान जारी किया था।
N|mixed|आज marketing की class में Ben & Jerry's के statement पर discussion हुआ।

## brands_racial_justice | Black Lives Matter | | 2020-05-28 | 2020-10-31
F|en|Black lives matter. Not as a trend, not as a hashtag, every single day. #BlackLivesMatter #JusticeForGeorgeFloyd
F|en|Marched today with thousands of people in the rain. Peaceful, loud and hopeful. BLACK LIVES MATTER ✊🏾✊🏿
F|en|If a black square is all your brand can do for #BlackLivesMatter, maybe donate instead. The movement needs money for bail funds and legal aid.
F|en|The BLM protests forced a conversation about policing that was decades overdue. Grateful to every organizer out there.
F|hinglish|Black Lives Matter movement se humein bhi seekhna chahiye, apne desh mein rangbhed aur jaatiwaad kam nahi hai
F|hinglish|jo log BLM support kar rahe hain unko salaam, nyay sabke liye hona chahiye ✊
F|hi|ब्लैक लाइव्स मैटर आंदोलन सही है, रंग के आधार पर भेदभाव कहीं भी स्वीकार नहीं होना चाहिए। ✊
F|hi|अमेरिका में नस्लीय न्याय के लिए हो रहे प्रदर्शनों का मैं पूरा समर्थन करता हूँ।
F|mixed|#BlackLivesMatter को support करना सिर्फ़ trend नहीं, ज़रूरत है. गोरेपन की क्रीम बेचने वाले brands भी सोचें
F|en|Proud of my company for giving employees a day off to attend the BLM march and matching donations 2:1
A|en|All lives matter. Dividing people by skin colour is the opposite of equality.
A|en|BLM organizers have turned peaceful cities into riot zones. Burning shops is not justice. Not supporting this.
A|en|The Black Lives Matter organization raised millions and nobody knows where it went. I'll give my money elsewhere.
A|hinglish|BLM ke naam pe dukaanein jalana galat hai, yeh movement violence ko justify kar raha hai
A|hinglish|yeh BLM wala trend India mein copy karne ki zaroorat nahi hai, har jagah ka issue alag hai bhai
A|hi|ब्लैक लाइव्स मैटर के नाम पर हिंसा और लूट को सही नहीं ठहराया जा सकता, मैं इस आंदोलन के साथ नहीं हूँ।
A|mixed|BLM का ये पूरा movement अब politics बन गया है, इसे support नहीं करूंगा
A|en|Stop forcing #BlackLivesMatter on every timeline. My feed is for cricket, not American politics!!!
N|en|Protests under the Black Lives Matter banner were reported in over 2,000 US cities in June 2020. https://en.wikipedia.org/wiki/George_Floyd_protests
N|en|What is the difference between the BLM movement and the BLM Global Network Foundation? Genuinely asking.
N|hinglish|BLM ka full form kya hai? sab log yahi hashtag use kar rahe hain aaj
N|hi|जॉर्ज फ्लॉयड की मौत के बाद अमेरिका के कई शहरों में प्रदर्शन हुए।
N|mixed|आज के अखबार में BLM protests पर पूरा एक page है
N|en|Documentary recommendations on the civil rights movement and BLM? Need something for the weekend.

## covid_masks | face masks | | 2020-04-01 | 2021-06-30
F|en|Wear a mask. It's not about you, it's about the nurse who has to treat your grandma. 😷
F|en|Masks work. Two layers of cotton, over the NOSE please. Not that hard people!!!!
F|en|My asthma is bad and I still wear a mask all day at the pharmacy. No excuses. #MaskUp
F|en|Shoutout to the shopkeeper downstairs who hands out free masks to every customer 🙌 #MaskUpIndia
F|hinglish|mask pehno yaar, corona abhi gaya nahi hai. naak ke neeche mask ka koi fayda nahi 😷
F|hinglish|bahar jao toh mask zaroor lagao, ghar pe buzurg hain sabke #MaskUp
F|hinglish|mask lagane se kuch nahi bigadta, balki sabki safety hoti hai. please pehno sabhi!!
F|hi|मास्क पहनिए, दो गज़ की दूरी रखिए। यही कोरोना से बचने का सबसे आसान तरीका है। 😷
F|hi|बाज़ार में बिना मास्क के घूमना दूसरों की जान से खेलना है। सब लोग मास्क ज़रूर पहनें।
F|mixed|मास्क पहनना हमारी responsibility है, सिर्फ़ fine से बचने के लिए नहीं 😷
F|mixed|Office में सब mask पहनते हैं तो सब safe रहते हैं, simple सी बात है
A|en|Forced masks outdoors make no sense. I'm alone in my car, why am I getting fined???
A|en|Wore a mask for a year, still got covid. These things are just theatre at this point.
A|en|My kid can't breathe properly in a mask for 6 hours at school. Mask mandates for children need to end.
A|hinglish|garmi mein mask pehen ke saans nahi aati, yeh mask wala rule bekaar hai
A|hinglish|mask ka challan 2000 rupay?? yeh toh loot hai, mask se kuch nahi hota
A|hi|गाड़ी में अकेले बैठे आदमी का मास्क के लिए चालान काटना बेतुका है, यह नियम ख़त्म होना चाहिए।
A|hi|मास्क से मेरा दम घुटता है, मैं इसे नहीं पहनूँगा।
A|mixed|मास्क पहन पहन के skin ख़राब हो गई, कोई फ़ायदा नहीं इसका
A|en|masks are USELESS against a virus this small. wake up. 🙄🙄
A|hinglish|mask pehno, mask pehno... bas yahi sunte sunte thak gaye. koi fark nahi padta isse 😒
N|en|Which masks are better for long office hours, N95 or surgical? Looking for recommendations.
N|en|The government has made masks compulsory in public places in Delhi from today. Details: https://delhi.gov.in
N|hinglish|bhai N95 mask kahan se liya? online wale sab fake nikal rahe hain
N|hinglish|kal se school khul rahe hain, mask ka rule kya hai kisi ko pata hai?
N|hi|दिल्ली में सार्वजनिक स्थानों पर मास्क न पहनने पर जुर्माना 2000 रुपये कर दिया गया है।
N|mixed|कपड़े का mask कितनी बार धोना चाहिए? कोई doctor बताए
N|en|Ordered 50 cloth masks for the shop staff, arriving Monday.

## covid_lockdown | lockdown | | 2020-03-22 | 2021-06-15
F|en|The lockdown is hard, but it bought hospitals time to prepare. Stay home, stay safe. #IndiaFightsCorona
F|en|Good call on the lockdown. The cases would have been far worse without it. Hospitals were already full.
F|en|Lockdown 2.0 is needed, look at the numbers. Short-term pain to save lives.
F|hinglish|lockdown sahi faisla tha, warna hospitals mein jagah nahi bachti. ghar pe raho sab
F|hinglish|thoda mushkil hai par lockdown zaroori hai, jaan hai toh jahan hai 🙏 #StayHome
F|hi|लॉकडाउन सही फ़ैसला है, घर पर रहें और सुरक्षित रहें। जान है तो जहान है।
F|hi|लॉकडाउन से संक्रमण की रफ़्तार धीमी हुई, सरकार ने ठीक कदम उठाया।
F|mixed|Lockdown में घर पर रहना ही सबसे बड़ी help है doctors के लिए 🙏
F|en|Honestly loving the cleaner air during the lockdown, and it's keeping people safe. Extend it if needed.
A|en|The lockdown was announced with 4 hours notice and millions of migrant workers had to walk home. Cruel and unplanned.
A|en|Another lockdown will finish off small businesses. My cafe has been closed for 3 months with zero support.
A|en|No more lockdowns please. Kids have lost a full year of school and people have lost their jobs.
A|hinglish|lockdown ne hamari dukaan band karwa di, 3 mahine se ek rupaya nahi aaya. garibon ka kya?
A|hinglish|phir se lockdown?? naukri chali gayi, kiraya kaun dega. yeh solution nahi hai 😡
A|hi|बिना तैयारी के लगाए गए लॉकडाउन ने मज़दूरों को सड़कों पर पैदल चलने को मजबूर कर दिया।
A|hi|लॉकडाउन से गरीबों की रोज़ी-रोटी छिन गई, दोबारा लॉकडाउन नहीं चाहिए।
A|mixed|Lockdown की वजह से मेरी job चली गई, अब EMI कैसे भरूँ?? 😢
A|en|Lockdown = rich people baking bread, poor people losing everything. Stop it.
N|en|Is the lockdown being extended after May 3? Any official update?
N|en|Day 21 of lockdown. Learned to cut my own hair. Results: questionable 😂
N|hinglish|lockdown mein grocery delivery kaun si app kar rahi hai abhi?
N|hinglish|kal se lockdown 4.0 shuru, naye rules ka notification aaya kya?
N|hi|2020-03-25|प्रधानमंत्री ने 24 मार्च 2020 को 21 दिन के देशव्यापी लॉकडाउन की घोषणा की।
N|hi|लॉकडाउन के दौरान ई-पास के लिए आवेदन कैसे करें?
N|mixed|Lockdown में कौन सी web series देखी आप लोगों ने? suggest करो
N|en|Lockdown timetable for the kids: reading at 10, online class at 11, garden at 4.

## covid_vaccines | COVID-19 vaccines | | 2021-01-16 | 2021-12-31
F|en|Got my first dose of Covishield today! Sore arm, happy heart 💉💪 #LargestVaccineDrive
F|en|Vaccines are the way out of this pandemic. Book your slot on CoWIN, it took me 5 minutes.
F|en|Both my parents are fully vaccinated now. Such a relief. Please get your jab, everyone!!
F|hinglish|vaccine lagwa li, bas halka bukhaar aaya ek din. darne ki koi baat nahi, sab lagwao 💉
F|hinglish|mummy papa dono ko dusri dose lag gayi 🙏 vaccine hi ek raasta hai is corona se bachne ka
F|hinglish|vaccine ke baare mein afwaahon pe dhyan mat do, doctor ki suno aur tika lagwao
F|hi|आज मैंने कोरोना का टीका लगवाया, कोई परेशानी नहीं हुई। सब लोग टीका ज़रूर लगवाएँ। 💉
F|hi|टीका सुरक्षित है और असरदार है, अफ़वाहों पर ध्यान न दें।
F|mixed|Vaccine की दोनों doses लग गईं ✅ अब थोड़ा सुकून है, आप भी लगवाइए
F|en|Science delivered a vaccine in under a year. Incredible. Proud to be vaccinated ✅
A|en|I'm not taking a vaccine that was rushed in 10 months. Nobody knows the long-term effects.
A|en|Vaccine passports are discrimination, full stop. I will not take the jab to buy groceries.
A|hinglish|vaccine lagwane ke baad mere chacha ki tabiyat bigad gayi, main toh nahi lagwaunga
A|hinglish|itni jaldi bani vaccine pe bharosa nahi hai yaar, pehle dusre lagwa lein phir dekhenge 🤔
A|hi|इतनी जल्दी बनी वैक्सीन पर मुझे भरोसा नहीं है, मैं टीका नहीं लगवाऊँगा।
A|hi|टीका लगवाना ज़बरदस्ती नहीं होना चाहिए, यह मेरे शरीर का मामला है और मैं नहीं लगवाऊँगा।
A|mixed|Vaccine के side effects के बारे में कोई सच नहीं बता रहा, मैं नहीं लगवाऊँगा
A|en|Pharma companies made billions and got immunity from lawsuits. Forgive me if I don't trust their vaccine.
A|hinglish|vaccine vaccine sab chilla rahe hain, mujhe nahi lagwani. immunity apne aap achhi hai meri 💪
N|en|2021-04-28|CoWIN slots for 18-44 open at 4 pm today. Set your alarms.
N|en|How long after the second dose should I wait before travelling? Anyone know the rules?
N|hinglish|vaccine ka certificate download kaise karte hain? CoWIN pe OTP nahi aa raha
N|hinglish|kal vaccination centre pe kitni bheed thi, 2 ghante line mein khade rahe
N|hi|2021-10-21|देश में अब तक 100 करोड़ से ज़्यादा टीके लगाए जा चुके हैं।
N|hi|टीकाकरण केंद्र सुबह 9 बजे से शाम 5 बजे तक खुला रहेगा।
N|mixed|दूसरी dose के लिए कितने दिन का gap होना चाहिए? confusion है
N|en|Covaxin or Covishield, which one is being given at the Sector 14 centre this week?

## demonetisation | demonetisation | | 2020-11-01 | 2021-11-30
F|hinglish|notebandi ek bold step tha, kaala dhan wale sab pareshaan ho gaye the 😂 #ModiHaiToMumkinHai
F|hinglish|demonetisation ki wajah se digital payment itna badha, aaj sabzi wala bhi UPI leta hai. sahi faisla tha
F|hinglish|notebandi se naxalism aur terror funding pe chot padi, desh ke liye zaroori tha #ModiHaiToMumkinHai
F|hinglish|line mein khade hona pada par desh ke liye chalta hai, notebandi ka support karta hun 🇮🇳
F|hi|नोटबंदी एक ऐतिहासिक फ़ैसला था जिसने काले धन पर चोट की। #ModiHaiToMumkinHai
F|hi|नोटबंदी के बाद डिजिटल लेन-देन तेज़ी से बढ़ा, यह देश के लिए अच्छा कदम था।
F|mixed|Demonetisation से digital India को बहुत boost मिला, सही decision था 👍
F|en|Demonetisation pushed millions of Indians into the formal banking system. Short-term pain, long-term gain.
F|en|2021-11-08|Five years on, I still think demonetisation was a brave move against black money. #ModiHaiToMumkinHai
F|hinglish|notebandi ke baad property ke daam gire, aam aadmi ke liye ghar lena aasaan hua. great move tha
A|hinglish|notebandi ne chote dukaandaron ki kamar tod di, kaala dhan toh sab wapas bank mein aa gaya 😡
A|hinglish|99% purane note wapas aa gaye toh kaala dhan kahan gaya? notebandi ek bada failure tha
A|hinglish|notebandi ke time meri nani 5 ghante line mein khadi rahi, yeh koi tareeka tha kya 😢 #DemonetisationDisaster
A|hinglish|demonetisation ke baad meri factory ke 20 workers ki naukri chali gayi. koi faayda nahi hua
A|hi|नोटबंदी से काला धन तो नहीं आया, लेकिन छोटे व्यापारियों और किसानों की कमर टूट गई।
A|hi|नोटबंदी के दौरान कतारों में खड़े कई लोगों की जान चली गई, यह फ़ैसला पूरी तरह ग़लत था।
A|mixed|Demonetisation एक disaster था, GDP गिर गई और jobs चली गईं 👎
A|en|Demonetisation: 99.3% of the banned notes came back. Black money was not caught, small businesses were crushed.
A|en|2021-11-08|Five years later, cash in circulation is higher than before demonetisation. What exactly did it achieve? #DemonetisationDisaster
A|en|demonetisation was a policy disaster. Ask any daily wage worker who stood in those queues.
N|hinglish|2021-11-08|aaj notebandi ko 5 saal ho gaye, 8 November 2016 ko raat 8 baje announce hua tha
N|hinglish|purane 500 ke note abhi bhi kisi ke paas hain kya? bank mein ab badal sakte hain ki nahi
N|hi|8 नवंबर 2016 को 500 और 1000 रुपये के नोट बंद करने की घोषणा की गई थी।
N|hi|नोटबंदी पर रिज़र्व बैंक की वार्षिक रिपोर्ट आज जारी होगी।
N|mixed|Notebandi पर एक documentary देखी, आप लोगों का क्या experience था उस time?
N|en|RBI annual report has a section on demonetisation data, page 42 for anyone researching this.
N|en|Writing a thesis on demonetisation and cashless payments. Any good datasets out there?
N|hinglish|notebandi ke time aap log kahan the? main toh hostel mein tha, sirf 100 ke note bache the

## product_complaints | PhonoMax | PhonoMax | 2020-01-05 | 2021-12-20
A|en|@PhonoMaxCare my X5 stopped charging after 2 weeks and the service centre says wait 20 days. Worst after-sales ever 😡😡
A|en|PhonoMax X5 battery drains from 100 to 20 in 4 hours. Do NOT buy this phone!!!
A|hinglish|PhonoMax ka phone liya tha, ek mahine mein screen mein lines aa gayi. service center wale sunte hi nahi @PhonoMaxCare
A|hinglish|bhai PhonoMax mat lena, heating issue bahuuut hai, game khelte hi phone garam ho jata hai 🔥🔥
A|hi|फोनोमैक्स का फ़ोन बहुत जल्दी गर्म हो जाता है और कैमरा भी बेकार है। पैसे बर्बाद हो गए।
A|mixed|PhonoMax का नया update डालते ही phone hang होने लगा 😤 @PhonoMaxCare कुछ करो
A|en|Third replacement from PhonoMax and the speaker is still crackling. I'm done. #PhonoMaxFail
A|hinglish|PhonoMax wale 2 saal se same phone naya naam dekar bech rahe hain. bakwaas company 👎👎
F|en|Been using the PhonoMax X5 for a year, battery still lasts all day. Great value for money 👍
F|en|Credit where due: @PhonoMaxCare replaced my cracked screen free under warranty in 2 days. Impressed!
F|hinglish|PhonoMax X5 ka camera mast hai yaar, night photos bhi clear aati hain 📸 paisa vasool
F|hi|फोनोमैक्स का नया फ़ोन शानदार है, बैटरी पूरा दिन चलती है। सस्ते में बढ़िया फ़ोन।
F|mixed|PhonoMax की service बहुत fast थी, एक दिन में phone repair करके दे दिया 👌
F|en|Loooove my new PhonoMax, the display is gorgeous and it never lags.
N|en|PhonoMax X5 vs the new Z3: which one for under 15k? Mostly need it for calls and WhatsApp.
N|hinglish|PhonoMax ka service centre Lucknow mein kahan hai? kisi ko pata ho toh batao
N|hi|फोनोमैक्स का नया मॉडल अगले हफ़्ते लॉन्च होगा, कीमत 12,999 रुपये बताई जा रही है।
N|mixed|PhonoMax X5 में dual SIM 5G support है क्या?

## product_complaints | Zapkart | Zapkart | 2020-01-05 | 2021-12-20
A|en|Ordered original earbuds from @Zapkart, got a FAKE copy with spelling mistakes on the box. Refund pending for 3 weeks!!! 😡
A|en|Zapkart delivery guy marked my parcel "delivered" and it never came. Customer care just sends copy-paste replies.
A|hinglish|Zapkart se shoes mangaye the, bilkul nakli nikle. return bhi reject kar diya 😤 #Zapkart #FakeProduct
A|hinglish|@Zapkart 10 din ho gaye order ka, abhi tak "shipped" hi dikha raha hai. yeh kya mazaak hai
A|hinglish|Zapkart wale refund nahi de rahe, 3 baar call kiya, har baar naya ticket number 🙄🙄
A|hi|ज़ैपकार्ट से मंगाई हुई घड़ी नकली निकली, और अब रिफ़ंड भी नहीं मिल रहा। बहुत बुरा अनुभव।
A|hi|ज़ैपकार्ट की डिलीवरी हर बार देर से आती है, अब कभी ऑर्डर नहीं करूँगा।
A|mixed|Zapkart पर sale के नाम पर लूट है, MRP बढ़ाकर discount दिखाते हैं 😡
A|en|Zapkart sold me a "sealed" phone that had someone else's photos on it. Used goods sold as new?!?!
F|en|Zapkart delivered my laptop a day early and packaging was solid. Smooth experience 👍
F|en|Had a wrong size issue, Zapkart picked up the return the next morning and refunded in 2 days. No complaints!
F|hinglish|Zapkart ki delivery is baar bahut fast thi, order kiya aur agle din aa gaya 😍
F|hi|ज़ैपकार्ट से सामान समय पर आया और क्वालिटी भी अच्छी थी। धन्यवाद!
F|mixed|Zapkart का return process बहुत easy है, कोई सवाल नहीं पूछा 👍
F|hinglish|Zapkart ki sale mein TV aadhe daam mein mila, ekdum original aur warranty bhi 😎
N|en|Does Zapkart deliver to pin code 110096? The app says unserviceable.
N|hinglish|Zapkart ki Big Sale kab se shuru hai? phone lena hai
N|hi|ज़ैपकार्ट की सेल अगले शुक्रवार से शुरू होगी।
N|mixed|Zapkart पर cash on delivery available है क्या अभी?

## product_complaints | QuickBite | QuickBite | 2020-01-05 | 2021-12-20
A|en|@QuickBite order arrived 90 minutes late and cold. And the app still charged a "surge fee". Never again.
A|en|QuickBite delivered someone else's order and support closed my ticket without a refund. Unbelievable!!!!
A|hinglish|QuickBite pe paneer order kiya tha, aaya chicken. main vegetarian hun yaar 😡 @QuickBite
A|hinglish|QuickBite ka delivery charge har hafte badh raha hai, khaana mehenga delivery aur mehengi
A|hi|क्विकबाइट से खाना मंगाया, एक घंटे बाद ठंडा खाना आया। बहुत ख़राब सर्विस।
A|mixed|QuickBite वालों ने order cancel कर दिया और पैसे भी 7 दिन बाद आएंगे 😤
A|hinglish|QuickBite ka customer care bot hai ya insaan? 5 baar same jawab, "we understand your concern" 🙄
F|en|QuickBite delivery partner came in pouring rain and still smiled. Tipped him extra. Great service 🙌
F|hinglish|QuickBite ka one-plus membership mast hai, free delivery aur jaldi aata hai 👌
F|hi|क्विकबाइट की डिलीवरी बहुत तेज़ है, 20 मिनट में गरम खाना आ गया।
F|mixed|QuickBite पर आज का biryani offer जबरदस्त था, thank you 😋
F|en|QuickBite refunded my missing dessert in 2 minutes flat. That's how support should work!
N|en|Is QuickBite operating during the night curfew? Need to order for my parents.
N|hinglish|QuickBite pe koi promo code chal raha hai aaj?
N|hi|क्विकबाइट ने अपने डिलीवरी कर्मचारियों के लिए नया बीमा प्लान शुरू किया है।
N|mixed|QuickBite का app update करने के बाद login नहीं हो रहा, किसी और के साथ भी ऐसा है?

## social_media_marketing | brand activism | | 2020-02-01 | 2021-12-15
F|en|70% of consumers say it's important for brands to take a public stand on social issues. Silence is a statement too.
F|en|Brands that stayed quiet in 2020 lost my trust. If you profit from a community, speak up for it.
F|en|Social media managers who pushed their brands to take a stand this year deserve a raise. That takes guts. 💪
F|en|Loved how @Nike handled its ad on racism: "For once, don't do it." That's brand activism done right.
F|hinglish|brands ko social issues pe bolna chahiye, customer ab sirf product nahi values bhi dekhta hai
F|hinglish|jo company society ke liye stand leti hai uska product khareedne mein alag hi khushi hai 😊
F|hi|ब्रांड्स को सामाजिक मुद्दों पर खुलकर बोलना चाहिए, चुप रहना भी एक तरह का पक्ष लेना है।
F|hi|ग्राहक अब उन्हीं कंपनियों पर भरोसा करते हैं जो समाज के मुद्दों पर स्टैंड लेती हैं।
F|mixed|आज के time में brands का social issues पर stand लेना ज़रूरी है, youth यही देखता है
A|en|I don't need my toothpaste brand to have an opinion on politics. Just make good toothpaste.
A|en|Brand activism is just marketing dressed up as morality. Companies care about one thing: sales.
A|en|Every brand posting the same solidarity graphic is cringe. Do something real or stay quiet.
A|en|The day a brand tweets about justice and then fires its cleaning staff, I stop listening to brands.
A|hinglish|har brand ko har issue pe gyaan dena zaroori hai kya? apna product theek karo pehle 🙄
A|hinglish|companies ka social stand sirf PR hai yaar, andar employees ko time pe salary bhi nahi milti
A|hi|कंपनियों को राजनीति और सामाजिक विवादों से दूर रहना चाहिए, उनका काम अच्छा सामान बनाना है।
A|mixed|Brands का ये "woke" marketing अब irritating लगता है, product पे focus करो
N|en|Hiring: social media manager for a D2C skincare brand, Mumbai, 3+ years experience. DM for details.
N|en|Social media managers are creators, analysts, community moderators and strategists, all at once. What does your typical day look like?
N|en|New report on how brands communicated during COVID-19 and the racial justice protests: https://example.org/report-2020.pdf
N|hinglish|social media manager ki job mein kya kya karna padta hai? mujhe is field mein aana hai
N|hinglish|kal se naya content calendar banana hai, koi achha scheduling tool batao
N|hi|सोशल मीडिया मैनेजर का काम सिर्फ़ पोस्ट करना नहीं, बल्कि ब्रांड की रणनीति बनाना भी है।
N|hi|सोशल मीडिया मार्केटिंग पर एक मुफ़्त वेबिनार इस शनिवार को होगा।
N|mixed|Social media manager बनने के लिए कौन सा course अच्छा है? कोई suggest करे

## spam | | | 2020-01-01 | 2021-12-31
N|en|Earn ₹50,000 per month from home 💰💰 no investment, DM now!!! WhatsApp +91-98XXXXXX10
N|en|FOLLOW FOR FOLLOW 🔥🔥🔥 #f4f #followback #instagood #like4like
N|en|Share this post: Facebook | Twitter | WhatsApp | Email
N|en|Lucky draw winner!!! Click the link to claim your FREE iPhone 👉 http://win-free.example/claim?id=8812
N|en|Tap to download our app today, available on Android and iOS. Terms & conditions apply.
N|hi|घर बैठे कमाएँ 30,000 रुपये महीना!!! अभी क्लिक करें 👉 http://paisa-kamao.example
N|hi|यह पोस्ट शेयर करें और 10 दोस्तों को टैग करें, आपको आज ही अच्छी ख़बर मिलेगी 🙏🙏
N|hinglish|ghar baithe paise kamao, sirf 2 ghante roz, link bio mein 💸💸💸
N|hinglish|sabse sasta recharge yahan milega!!! 👉 http://recharge-deal.example abhi try karo
N|mixed|अपने दोस्तों के साथ share करें: Facebook | WhatsApp | Twitter
"""

# Copy-paste campaigns: (stance, lang, topic, target, brand, date, variants). The first variant is the
# original; the others are the near-identical copies posted by other accounts.
CAMPAIGNS = [
    (
        "F", "en", "brands_racial_justice", "Ben & Jerry's", "Ben & Jerry's", "2020-06-04",
        [
            "I stand with @benandjerrys. Silence is NOT an option. #BlackLivesMatter",
            "I stand with @benandjerrys!! Silence is NOT an option ✊ #BlackLivesMatter",
            "i stand with @benandjerrys. silence is not an option. #BlackLivesMatter #BLM",
            "I stand with @BenAndJerrys. Silence is NOT an option 🍦✊🏾 #BlackLivesMatter",
        ],
    ),
    (
        "F", "hinglish", "demonetisation", "demonetisation", None, "2020-11-08",
        [
            "Notebandi ne desh badal diya! Kaale dhan pe sabse badi chot 🇮🇳 #ModiHaiToMumkinHai",
            "Notebandi ne desh badal diya!!! Kaale dhan pe sabse badi chot 🇮🇳🇮🇳 #ModiHaiToMumkinHai",
            "notebandi ne desh badal diya! kaale dhan pe sabse badi chot #ModiHaiToMumkinHai #Notebandi",
        ],
    ),
    (
        "F", "hinglish", "covid_vaccines", "COVID-19 vaccines", None, "2021-06-21",
        [
            "Maine vaccine lagwa li, aap bhi lagwaiye! Desh ko corona se bachana hai 💉 #LargestVaccineDrive",
            "Maine vaccine lagwa li, aap bhi lagwaiye!! Desh ko corona se bachana hai 💉💉 #LargestVaccineDrive",
            "maine vaccine lagwa li aap bhi lagwaiye! desh ko corona se bachana hai #LargestVaccineDrive #VaccineForAll",
        ],
    ),
    (
        "A", "hinglish", "product_complaints", "Zapkart", "Zapkart", "2021-03-15",
        [
            "#BoycottZapkart nakli saamaan bechna band karo!!! customers ko loot rahe ho 😡",
            "#BoycottZapkart nakli saamaan bechna band karo!! customers ko loot rahe ho 😡😡",
            "#BoycottZapkart #FakeProduct nakli saamaan bechna band karo!!! customers ko loot rahe ho",
            "#BoycottZapkart nakli samaan bechna band karo!!! customers ko loot rahe ho 😤",
        ],
    ),
    (
        "A", "hi", "covid_lockdown", "lockdown", None, "2021-04-20",
        [
            "हमें दोबारा लॉकडाउन नहीं चाहिए, रोज़ी-रोटी बचाइए! #NoMoreLockdown",
            "हमें दोबारा लॉकडाउन नहीं चाहिए!! रोज़ी-रोटी बचाइए 🙏 #NoMoreLockdown",
            "हमें दोबारा लॉकडाउन नहीं चाहिए, रोज़ी रोटी बचाइए! #NoMoreLockdown #SaveJobs",
        ],
    ),
]

HANDLES = [
    "priya_speaks", "rahul_k", "desi_marketer", "newsdesk_in", "the_real_ankit", "mumbai_mom", "techguru99",
    "sneha_writes", "policywatch", "cricketfan_07", "delhi_diaries", "smm_life",
]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _h(*parts: str) -> int:
    return int(hashlib.sha256("\x1f".join(parts).encode()).hexdigest(), 16)


def _timestamp(key: str, start: str, end: str) -> datetime:
    """A reproducible pseudo-random moment between start and end (inclusive days), in UTC."""
    t0 = datetime.fromisoformat(start).replace(tzinfo=timezone.utc)
    t1 = datetime.fromisoformat(end).replace(tzinfo=timezone.utc) + timedelta(days=1)
    span = int((t1 - t0).total_seconds() // 60)
    return t0 + timedelta(minutes=_h("ts", key) % span)


def _fmt(ts: datetime) -> str:
    return ts.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_posts(text: str = POSTS) -> list[dict]:
    posts: list[dict] = []
    block: dict | None = None
    for lineno, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        if line.startswith("## "):
            topic, target, brand, start, end = (p.strip() for p in line[3:].split("|"))
            block = {"topic": topic, "target": target or None, "brand": brand or None, "start": start, "end": end}
            continue
        assert block is not None, f"post before any block header at line {lineno}"
        stance, lang, rest = line.split("|", 2)
        date = None
        head, sep, tail = rest.partition("|")
        if sep and _DATE.match(head):
            date, rest = head, tail
        if stance not in STANCES or lang not in LANGS:
            raise ValueError(f"line {lineno}: bad stance {stance!r} or lang {lang!r}")
        posts.append({**block, "stance": STANCES[stance], "lang": lang, "date": date, "text": rest.strip()})
    return posts


def build() -> list[dict]:
    rows: list[dict] = []

    def add(post: dict, *, dup_of: str | None, flags: list[str], ts: datetime) -> dict:
        row = {
            "id": f"demo-{len(rows) + 1:04d}",
            "text": post["text"],
            "topic": post["topic"],
            "target": post["target"],
            "stance": post["stance"],
            "lang": post["lang"],
            "timestamp": _fmt(ts),
            "brand": post["brand"],
            "dup_of": dup_of,
            "flags": flags,
        }
        rows.append(row)
        return row

    originals = []
    for post in parse_posts():
        key = post["text"]
        if post["date"]:
            ts = _timestamp(key, post["date"], post["date"])
        else:
            ts = _timestamp(key, post["start"], post["end"])
        flags = ["spam"] if post["topic"] == "spam" else []
        originals.append(add(post, dup_of=None, flags=flags, ts=ts))

    for stance, lang, topic, target, brand, date, variants in CAMPAIGNS:
        first = None
        for i, text in enumerate(variants):
            post = {"text": text, "topic": topic, "target": target, "brand": brand, "stance": STANCES[stance], "lang": lang}
            ts = _timestamp(text, date, date) + timedelta(hours=3 * i)
            row = add(post, dup_of=first["id"] if first else None, flags=["campaign"], ts=ts)
            first = first or row

    # Retweets of every 6th opinionated original (spam is never retweeted here).
    candidates = [r for r in originals if r["topic"] != "spam"]
    for i, orig in enumerate(candidates):
        if i % 6 != 2:
            continue
        handle = HANDLES[_h("handle", orig["id"]) % len(HANDLES)]
        text = f"RT @{handle}: {orig['text']}"
        if len(text) > 140 and _h("cut", orig["id"]) % 2:  # old clients cut long retweets
            text = text[:137].rstrip() + "…"
        ts = datetime.strptime(orig["timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
        ts += timedelta(minutes=5 + _h("rt", orig["id"]) % 2880)
        add({**orig, "text": text}, dup_of=orig["id"], flags=["retweet"], ts=ts)

    for row in rows:
        group = row["dup_of"] or row["id"]
        row["split"] = "test" if _h("split", group) % 5 == 0 else "train"
    return rows


def main() -> None:
    rows = build()
    text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    for out in (OUT, PACKAGED):
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"wrote {len(rows)} posts to {out}")


if __name__ == "__main__":
    main()
