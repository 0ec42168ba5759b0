#include "data/synth/synth_text_ko_words.h"

namespace sori::ko {
namespace {

// Everyday sentences, grouped by topic. Numbers inside them are spelled as spoken.
constexpr const char* kSentences[] = {
    // greetings and courtesy
    "안녕하세요 만나서 반갑습니다",
    "오랜만이에요 그동안 잘 지내셨어요",
    "좋은 아침입니다 오늘도 힘내세요",
    "처음 뵙겠습니다 잘 부탁드립니다",
    "주말 잘 보내셨어요",
    "감사합니다 덕분에 잘 해결됐어요",
    "늦어서 정말 죄송합니다",
    "괜찮아요 너무 신경 쓰지 마세요",
    "다음에 또 뵙겠습니다",
    "조심히 들어가세요",
    "오늘 하루도 수고 많으셨습니다",
    "새해 복 많이 받으세요",
    "생일 축하해요 선물이 마음에 들었으면 좋겠어요",
    "먼저 퇴근하겠습니다 내일 봬요",
    "잘 자요 좋은 꿈 꾸세요",
    "식사 맛있게 하세요",
    "천천히 말씀해 주세요",
    "그동안 도와주셔서 정말 고마웠어요",
    "요즘 어떻게 지내세요",
    "말씀 많이 들었어요 만나서 영광입니다",
    // requests
    "창문 좀 열어 주시겠어요",
    "잠깐만 기다려 주세요",
    "조금만 더 크게 말씀해 주세요",
    "이 서류 좀 복사해 주실 수 있나요",
    "에어컨 온도 좀 낮춰 주세요",
    "소금 좀 건네주시겠어요",
    "사진 한 장만 찍어 주실래요",
    "이 짐 좀 같이 들어 주실 수 있어요",
    "천천히 다시 한번 설명해 주세요",
    "내일까지 보고서를 보내 주세요",
    "음악 소리 좀 줄여 주세요",
    "회의실 좀 예약해 주세요",
    "영수증도 같이 주세요",
    "이 주소로 가 주세요",
    "저기 횡단보도 앞에서 세워 주세요",
    "물 한 잔 주시겠어요",
    "계산서 좀 갖다주세요",
    "비밀번호를 다시 입력해 주세요",
    "나중에 시간 되면 전화 좀 해 줘",
    "이것 좀 도와줄 수 있어",
    // weather
    "오늘은 하늘이 맑고 바람이 시원해요",
    "오후부터 비가 온다고 하니까 우산 챙기세요",
    "밤사이 눈이 많이 와서 길이 미끄러워요",
    "요즘 날씨가 너무 더워서 잠을 못 자겠어요",
    "아침저녁으로 쌀쌀하니까 겉옷을 꼭 챙기세요",
    "미세먼지가 심해서 마스크를 써야 해요",
    "태풍이 올라온다고 해서 걱정이에요",
    "봄이 되니까 꽃이 많이 피었네요",
    "장마가 시작돼서 빨래가 잘 안 말라요",
    "내일은 오늘보다 기온이 더 떨어진대요",
    "바람이 많이 부니까 창문을 꼭 닫으세요",
    "가을 하늘이 정말 높고 파랗네요",
    "햇볕이 뜨거우니까 모자를 쓰고 나가세요",
    "주말에는 날씨가 풀린다고 해요",
    "천둥 번개가 쳐서 깜짝 놀랐어요",
    "올겨울은 유난히 춥네요",
    // food
    "점심 뭐 먹을까요",
    "저는 김치찌개로 할게요",
    "이 집 비빔밥이 정말 맛있어요",
    "너무 매워서 물을 계속 마셨어요",
    "배가 고파서 라면을 끓여 먹었어요",
    "여기 반찬 좀 더 주세요",
    "커피는 따뜻한 걸로 주세요",
    "오늘 저녁에는 삼겹살 어때요",
    "디저트로 케이크를 먹고 싶어요",
    "엄마가 해 주신 된장찌개가 제일 맛있어요",
    "남은 음식은 포장도 되나요",
    "고기는 잘 익혀 주세요",
    "이 음식에 땅콩이 들어 있나요",
    "저는 채소를 별로 안 좋아해요",
    "국물이 시원하고 깔끔하네요",
    "오늘은 배달 음식을 시켜 먹을까요",
    "아침을 거르면 하루 종일 힘이 없어요",
    "과일은 냉장고에 넣어 두었어요",
    "떡볶이는 역시 학교 앞 분식집이 최고예요",
    "밥을 너무 많이 먹어서 배가 불러요",
    // transport
    "이 버스 시청 가나요",
    "다음 역에서 내려서 갈아타세요",
    "지하철이 지연돼서 조금 늦을 것 같아요",
    "택시를 타면 얼마나 걸릴까요",
    "공항 가는 리무진 버스는 어디서 타요",
    "퇴근 시간이라 길이 많이 막히네요",
    "교통카드 충전은 어디서 하나요",
    "이번 역은 서울역입니다 내리실 문은 오른쪽입니다",
    "기차표를 미리 예매해 두었어요",
    "운전할 때는 휴대폰을 보지 마세요",
    "요즘은 자전거를 타고 출근해요",
    "주차장이 꽉 차서 자리가 없어요",
    "막차 시간이 언제인지 아세요",
    "비행기가 안개 때문에 연착됐어요",
    "환승하려면 어느 쪽으로 가야 하나요",
    "출발하기 전에 안전벨트를 꼭 매 주세요",
    "다음 정류장에서 내릴게요",
    "고속도로 휴게소에서 잠깐 쉬어 갈까요",
    // work
    "오늘 회의는 몇 시에 시작하나요",
    "보고서 초안을 검토해 주시겠어요",
    "이번 프로젝트 마감이 다음 주예요",
    "점심 먹고 다시 이야기해요",
    "메일 확인하시면 답장 부탁드립니다",
    "오늘은 재택근무를 하기로 했어요",
    "새로 오신 분을 소개해 드릴게요",
    "발표 자료를 조금 더 보완해야 할 것 같아요",
    "이 일정으로 진행해도 괜찮을까요",
    "야근이 계속돼서 너무 피곤해요",
    "팀장님께 결재를 받아야 해요",
    "회의록을 정리해서 공유하겠습니다",
    "다음 달부터 새 업무를 맡게 됐어요",
    "출장 일정이 갑자기 바뀌었어요",
    "계약서에 서명해 주시면 됩니다",
    "오늘 안에 끝낼 수 있을 것 같아요",
    "휴가 신청은 언제까지 해야 하나요",
    "아까 고객님께 전화가 왔었어요",
    "회의실 프로젝터가 고장 났어요",
    "이번 분기 실적이 많이 좋아졌어요",
    // shopping
    "이거 얼마예요",
    "좀 더 큰 사이즈 있나요",
    "이 옷 한번 입어 봐도 될까요",
    "카드로 계산할게요",
    "현금 영수증 해 주세요",
    "이거 다른 색깔도 있어요",
    "조금만 깎아 주시면 안 될까요",
    "교환이나 환불이 가능한가요",
    "봉투 하나 주세요",
    "세일은 언제까지 하나요",
    "이 신발 편하고 예쁘네요",
    "선물 포장 부탁드려요",
    "인터넷으로 주문한 물건이 아직 안 왔어요",
    "장바구니에 담아 두었다가 나중에 살게요",
    "죄송하지만 그 제품은 품절되었습니다",
    "마트에 가서 우유랑 계란 좀 사 올게요",
    "할인 쿠폰을 사용할 수 있나요",
    "배송은 보통 며칠 걸려요",
    // directions
    "화장실이 어디에 있나요",
    "이 근처에 약국이 있을까요",
    "쭉 가다가 사거리에서 왼쪽으로 도세요",
    "편의점은 은행 바로 옆에 있어요",
    "지하철역까지 걸어서 얼마나 걸려요",
    "길을 잃어버렸는데 좀 도와주시겠어요",
    "횡단보도를 건너서 오른쪽으로 가세요",
    "그 건물은 우체국 맞은편에 있어요",
    "여기서 가장 가까운 병원이 어디예요",
    "두 번째 골목에서 오른쪽으로 들어가세요",
    "지도 앱으로 찾아보면 금방 나와요",
    "이 길로 계속 올라가시면 돼요",
    "엘리베이터는 복도 끝에 있습니다",
    "정문 말고 후문으로 들어오세요",
    // health
    "머리가 아파서 약을 먹었어요",
    "감기에 걸려서 목이 많이 부었어요",
    "어제부터 열이 나고 기침을 해요",
    "병원 예약을 하고 싶은데요",
    "이 약은 하루에 세 번 식후에 드세요",
    "물을 자주 마시고 푹 쉬세요",
    "허리가 아파서 오래 앉아 있기 힘들어요",
    "요즘 운동을 시작해서 몸이 가벼워졌어요",
    "잠을 잘 못 자서 너무 피곤해요",
    "알레르기가 있어서 조심해야 해요",
    "건강 검진 결과가 나왔어요",
    "발목을 삐어서 병원에 다녀왔어요",
    "스트레칭을 하면 몸이 한결 풀려요",
    "독감 예방 주사를 맞았어요",
    "배가 아파서 아무것도 못 먹겠어요",
    "담배를 끊은 지 일 년이 됐어요",
    // daily life
    "오늘 하루 어땠어요",
    "주말에 같이 영화 보러 갈래요",
    "요즘 읽고 있는 책이 정말 재미있어요",
    "강아지 산책시키러 잠깐 나갔다 올게요",
    "청소를 다 하고 나니까 기분이 좋네요",
    "휴대폰 배터리가 거의 다 됐어요",
    "충전기 좀 빌려줄 수 있어요",
    "인터넷이 자꾸 끊겨요",
    "텔레비전 소리 좀 줄여 줄래요",
    "이번 휴가 때 제주도에 가려고 해요",
    "친구랑 한강에서 자전거를 탔어요",
    "빨래 좀 널어 줄 수 있어요",
    "오늘은 일찍 자야겠어요",
    "어제 본 드라마가 정말 감동적이었어요",
    "도서관에서 책을 두 권 빌렸어요",
    "택배가 문 앞에 와 있어요",
    "아이들이 놀이터에서 신나게 놀고 있어요",
    "요리를 배우고 싶어서 학원에 등록했어요",
    "이사 준비 때문에 정신이 없어요",
    "컴퓨터가 갑자기 꺼져 버렸어요",
    "내일 아침 일찍 깨워 주세요",
    "주말마다 부모님 댁에 가요",
    "요즘 기타 치는 걸 배우고 있어요",
    "노래방에 가서 스트레스를 풀었어요",
    "우리 같이 사진 찍어요",
    "열쇠를 어디에 뒀는지 기억이 안 나요",
    "창밖을 보니까 벌써 어두워졌네요",
    "시험 공부 때문에 밤을 새웠어요",
    "오늘따라 시간이 참 안 가네요",
    "다음 주에 친구 결혼식이 있어요",
};

constexpr TimeWord kTimeWords[] = {
    {"어제", Tense::kPast},          {"그저께", Tense::kPast},       {"아까", Tense::kPast},
    {"지난 주말에", Tense::kPast},   {"지난달에", Tense::kPast},     {"작년 여름에", Tense::kPast},
    {"어제 저녁에", Tense::kPast},   {"요즘", Tense::kPresent},      {"매일", Tense::kPresent},
    {"주말마다", Tense::kPresent},   {"아침마다", Tense::kPresent},  {"보통", Tense::kPresent},
    {"퇴근하고 나서", Tense::kPresent}, {"내일", Tense::kFuture},    {"모레", Tense::kFuture},
    {"이번 주말에", Tense::kFuture}, {"다음 주에", Tense::kFuture},  {"이따가", Tense::kFuture},
    {"내년 봄에", Tense::kFuture},   {"오늘 저녁에", Tense::kFuture},
};

constexpr const char* kSubjects[] = {
    "저", "우리 가족", "제 친구", "남동생", "여동생", "우리 언니", "우리 형", "아버지",
    "어머니", "할머니", "우리 팀", "옆집 아저씨", "제 남편", "제 아내", "우리 반 친구들",
    "사촌 동생", "회사 동료", "룸메이트",
};

constexpr Activity kActivities[] = {
    {"커피를 마셨어요", "커피를 마셔요", "커피를 마실 거예요", {"카페", "회사 근처 카페", "집", nullptr}},
    {"책을 읽었어요", "책을 읽어요", "책을 읽을 거예요", {"도서관", "카페", "공원", "집"}},
    {"친구를 만났어요", "친구를 만나요", "친구를 만날 거예요", {"카페", "공원", "시내", "식당"}},
    {"운동을 했어요", "운동을 해요", "운동을 할 거예요", {"헬스장", "공원", "학교 운동장", nullptr}},
    {"점심을 먹었어요", "점심을 먹어요", "점심을 먹을 거예요", {"식당", "회사 식당", "집", nullptr}},
    {"영화를 봤어요", "영화를 봐요", "영화를 볼 거예요", {"영화관", "집", nullptr, nullptr}},
    {"장을 봤어요", "장을 봐요", "장을 볼 거예요", {"시장", "마트", nullptr, nullptr}},
    {"공부를 했어요", "공부를 해요", "공부를 할 거예요", {"도서관", "카페", "학교", "집"}},
    {"산책을 했어요", "산책을 해요", "산책을 할 거예요", {"공원", "강변", "동네", nullptr}},
    {"사진을 찍었어요", "사진을 찍어요", "사진을 찍을 거예요", {"공원", "바닷가", "시내", nullptr}},
    {"수영을 했어요", "수영을 해요", "수영을 할 거예요", {"수영장", "바다", nullptr, nullptr}},
    {"옷을 샀어요", "옷을 사요", "옷을 살 거예요", {"백화점", "시장", "쇼핑몰", nullptr}},
    {"빵을 샀어요", "빵을 사요", "빵을 살 거예요", {"빵집", "마트", nullptr, nullptr}},
    {"일을 했어요", "일을 해요", "일을 할 거예요", {"회사", "사무실", "집", nullptr}},
    {"노래를 불렀어요", "노래를 불러요", "노래를 부를 거예요", {"노래방", nullptr, nullptr, nullptr}},
    {"낮잠을 잤어요", "낮잠을 자요", "낮잠을 잘 거예요", {"집", "거실", nullptr, nullptr}},
    {"자전거를 탔어요", "자전거를 타요", "자전거를 탈 거예요", {"공원", "강변", nullptr, nullptr}},
    {"요리를 했어요", "요리를 해요", "요리를 할 거예요", {"집", "부엌", nullptr, nullptr}},
    {"발표를 했어요", "발표를 해요", "발표를 할 거예요", {"회사", "학교", "회의실", nullptr}},
    {"봉사 활동을 했어요", "봉사 활동을 해요", "봉사 활동을 할 거예요", {"복지관", "동네", nullptr, nullptr}},
    {"그림을 그렸어요", "그림을 그려요", "그림을 그릴 거예요", {"공원", "미술 학원", "집", nullptr}},
    {"기타를 쳤어요", "기타를 쳐요", "기타를 칠 거예요", {"집", "연습실", nullptr, nullptr}},
};

constexpr Request kRequests[] = {
    {"창문", {"열어", "닫아", nullptr}},
    {"문", {"열어", "닫아", "잠가"}},
    {"불", {"켜", "꺼", nullptr}},
    {"텔레비전", {"켜", "꺼", nullptr}},
    {"에어컨", {"켜", "꺼", nullptr}},
    {"음악", {"틀어", "꺼", nullptr}},
    {"이 상자", {"옮겨", "열어", nullptr}},
    {"이 서류", {"복사해", "확인해", "정리해"}},
    {"메일", {"보내", "확인해", "전달해"}},
    {"사진", {"보내", "찍어", nullptr}},
    {"주소", {"알려", "보내", nullptr}},
    {"전화번호", {"알려", "적어", nullptr}},
    {"가방", {"들어", "맡아", nullptr}},
    {"계산서", {"갖다", nullptr, nullptr}},
    {"메뉴판", {"갖다", nullptr, nullptr}},
    {"물", {"갖다", nullptr, nullptr}},
    {"자리", {"맡아", "바꿔", nullptr}},
    {"예약", {"확인해", "취소해", "변경해"}},
    {"회의 자료", {"준비해", "출력해", "보내"}},
    {"택시", {"불러", "잡아", nullptr}},
};

constexpr const char* kRequestOpeners[] = {
    "", "", "죄송한데", "혹시", "바쁘시겠지만", "실례지만", "저기요",
};

constexpr const char* kRequestEndings[] = {
    "주세요", "주시겠어요", "줄래요", "주실 수 있나요", "주시면 감사하겠습니다",
};

constexpr const char* kWeatherDays[] = {
    "오늘", "내일", "모레", "이번 주말", "내일 아침", "오늘 밤", "내일 오후", "주말 동안",
};

constexpr const char* kRegions[] = {
    "서울", "부산", "대구", "인천", "광주", "대전", "울산", "제주도", "강원도",
    "경기 남부", "충청도", "전라도", "경상도", "수도권", "남해안", "동해안",
};

constexpr const char* kForecastWeather[] = {
    "맑겠습니다",
    "흐리겠습니다",
    "비가 오겠습니다",
    "눈이 내리겠습니다",
    "구름이 많겠습니다",
    "바람이 강하게 불겠습니다",
    "소나기가 내리겠습니다",
    "안개가 짙게 끼겠습니다",
    "맑다가 오후부터 흐려지겠습니다",
    "비가 내리다가 그치겠습니다",
    "대체로 맑고 포근하겠습니다",
    "아침 기온이 뚝 떨어지겠습니다",
};

constexpr const char* kShopItems[] = {
    "가방", "옷", "신발", "모자", "시계", "책상", "의자", "휴대폰", "노트북", "우산",
    "컵", "목도리", "지갑", "안경", "운동화", "치마", "바지", "셔츠", "이불", "냄비",
};

constexpr const char* kIntensifiers[] = {"", "정말", "진짜", "꽤", "너무", "생각보다"};

constexpr const char* kItemComments[] = {
    "예쁘네요",       "가볍네요",      "튼튼해 보여요", "비싸네요",   "싸네요",
    "마음에 들어요",  "작네요",        "커 보여요",     "편하네요",   "고급스러워 보이네요",
    "색깔이 예쁘네요", "디자인이 좋네요",
};

constexpr const char* kPlaces[] = {
    "약국",   "편의점", "은행",   "우체국", "화장실",   "주차장", "버스 정류장",
    "지하철역", "카페",   "병원",   "도서관", "빵집",     "꽃집",   "세탁소",
};

constexpr const char* kLandmarks[] = {
    "시청", "공원", "학교", "교회", "주유소", "경찰서", "백화점", "시장", "소방서", "호텔",
};

constexpr const char* kRelations[] = {
    "바로 옆에", "맞은편에", "뒤에", "앞에", "건너편에", "근처에", "옆 골목에", "지하에",
};

constexpr Pattern kPlaceQuestions[] = {
    {"이 근처에 {} 있나요", Tail::kSubject},
    {"여기서 제일 가까운 {} 어디예요", Tail::kSubject},
    {"{}에 가려면 어떻게 가야 해요", Tail::kNone},
    {"혹시 {} 어디 있는지 아세요", Tail::kSubject},
};

constexpr const char* kBodyParts[] = {
    "머리", "목", "배", "허리", "어깨", "무릎", "다리", "이", "눈", "손목", "발목", "등", "귀",
};

constexpr const char* kSymptomSince[] = {
    "", "어제부터", "아침부터", "요즘", "며칠째", "운동하고 나서", "자고 일어났더니",
};

constexpr const char* kSymptomEndings[] = {
    "아파요",
    "너무 아파요",
    "조금 아파요",
    "계속 아파요",
    "아파서 잠을 못 잤어요",
    "아파서 병원에 가 보려고요",
    "아파서 일에 집중이 안 돼요",
};

constexpr NumberTemplate kSinoTemplates[] = {
    {"{} 번 버스를 타면 시청까지 갈 수 있어요", 1, 9999, 1},
    {"다음 정류장에서 {} 번 버스로 갈아타세요", 1, 9999, 1},
    {"{} 번 고객님 창구로 와 주세요", 1, 999, 1},
    {"지하철 {} 호선으로 갈아타세요", 1, 9, 1},
    {"{} 번 출구로 나오시면 됩니다", 1, 12, 1},
    {"여기서 서울까지 {} 킬로미터 남았어요", 10, 450, 1},
    {"하루에 {} 미터씩 수영을 해요", 100, 3000, 100},
    {"우리 사무실은 {} 층에 있어요", 2, 60, 1},
    {"엘리베이터를 타고 {} 층에서 내리세요", 1, 80, 1},
    {"저는 {} 년에 태어났어요", 1945, 2020, 1},
    {"이 건물은 {} 년에 지어졌습니다", 1900, 2024, 1},
    {"{} 년 전에 처음 이 도시에 왔어요", 2, 40, 1},
    {"오늘 할인율은 {} 퍼센트입니다", 5, 80, 5},
    {"전 품목 {} 프로 할인합니다", 10, 70, 10},
    {"휴대폰 배터리가 {} 퍼센트 남았어요", 1, 100, 1},
    {"투표율이 {} 퍼센트를 넘었습니다", 40, 90, 1},
    {"이번 시험에서 백 점 만점에 {} 점을 받았어요", 40, 100, 1},
    {"오늘 낮 최고 기온은 {} 도까지 오르겠습니다", 1, 39, 1},
    {"내일 아침은 영하 {} 도까지 떨어진대요", 1, 20, 1},
    {"교과서 {} 쪽을 펴세요", 1, 350, 1},
    {"{} 페이지에 나오는 문제를 풀어 보세요", 1, 500, 1},
    {"우리 아이는 초등학교 {} 학년이에요", 1, 6, 1},
    {"제 키는 {} 센티미터예요", 140, 195, 1},
    {"몸무게가 {} 킬로그램이 넘어요", 40, 120, 1},
    {"올해로 창립 {} 주년을 맞았습니다", 2, 100, 1},
    {"이 도시의 인구는 {} 명 정도예요", 50000, 9900000, 10000},
    {"이번 공연에 관객 {} 명이 모였어요", 300, 50000, 100},
    {"택배 상자 무게는 {} 그램이에요", 100, 9900, 100},
    {"물을 하루에 {} 밀리리터 정도 마셔요", 500, 3000, 100},
    {"이 노트북은 화면이 {} 인치예요", 11, 17, 1},
    {"{} 번 문제를 다시 풀어 보세요", 1, 50, 1},
    {"비행기는 {} 번 게이트에서 탑승합니다", 1, 130, 1},
    {"회의는 {} 호실에서 열립니다", 101, 1520, 1},
    {"이 차는 지금 시속 {} 킬로미터로 달리고 있어요", 30, 200, 10},
    {"마라톤 완주까지 {} 킬로미터 남았어요", 1, 42, 1},
    {"이 산은 높이가 {} 미터예요", 300, 1950, 1},
    {"우리 회사 직원은 모두 {} 명입니다", 12, 3000, 1},
    {"이 책은 모두 {} 쪽이에요", 80, 1200, 1},
};

constexpr CountNoun kCountNouns[] = {
    {"사과", "개", CountUse::kFood, 20},      {"귤", "개", CountUse::kFood, 30},
    {"계란", "개", CountUse::kFood, 30},      {"만두", "개", CountUse::kFood, 20},
    {"빵", "개", CountUse::kFood, 10},        {"김밥", "줄", CountUse::kFood, 10},
    {"라면", "그릇", CountUse::kFood, 5},     {"밥", "공기", CountUse::kFood, 5},
    {"수박", "통", CountUse::kFood, 3},       {"배추", "포기", CountUse::kFood, 20},
    {"커피", "잔", CountUse::kDrink, 10},     {"물", "잔", CountUse::kDrink, 5},
    {"녹차", "잔", CountUse::kDrink, 5},      {"맥주", "병", CountUse::kDrink, 12},
    {"콜라", "병", CountUse::kDrink, 10},     {"우유", "팩", CountUse::kDrink, 10},
    {"주스", "컵", CountUse::kDrink, 5},      {"책", "권", CountUse::kThing, 20},
    {"공책", "권", CountUse::kThing, 10},     {"연필", "자루", CountUse::kThing, 12},
    {"종이", "장", CountUse::kThing, 30},     {"표", "장", CountUse::kThing, 10},
    {"우표", "장", CountUse::kThing, 20},     {"자동차", "대", CountUse::kThing, 5},
    {"자전거", "대", CountUse::kThing, 5},    {"컴퓨터", "대", CountUse::kThing, 30},
    {"바지", "벌", CountUse::kThing, 5},      {"셔츠", "벌", CountUse::kThing, 5},
    {"신발", "켤레", CountUse::kThing, 5},    {"양말", "켤레", CountUse::kThing, 10},
    {"의자", "개", CountUse::kThing, 20},     {"우산", "개", CountUse::kThing, 5},
    {"고양이", "마리", CountUse::kAnimal, 5}, {"강아지", "마리", CountUse::kAnimal, 5},
    {"물고기", "마리", CountUse::kAnimal, 20}, {"토끼", "마리", CountUse::kAnimal, 5},
    {"닭", "마리", CountUse::kAnimal, 30},    {"사람", "명", CountUse::kPerson, 50},
    {"학생", "명", CountUse::kPerson, 40},    {"손님", "명", CountUse::kPerson, 30},
    {"아이", "명", CountUse::kPerson, 10},    {"직원", "명", CountUse::kPerson, 30},
    {"장미", "송이", CountUse::kFlower, 30},  {"꽃", "송이", CountUse::kFlower, 20},
    {"튤립", "송이", CountUse::kFlower, 20},
    {"나무", "그루", CountUse::kPlant, 20},   {"화분", "개", CountUse::kPlant, 10},
};

constexpr CountTemplate kCountTemplates[] = {
    {CountUse::kFood, {"{} 주세요", Tail::kNone}},
    {CountUse::kFood, {"{} 먹었어요", Tail::kObject}},
    {CountUse::kFood, {"시장에서 {} 샀어요", Tail::kObject}},
    {CountUse::kFood, {"냉장고에 {} 남아 있어요", Tail::kSubject}},
    {CountUse::kFood, {"{}만 더 사 올게요", Tail::kNone}},
    {CountUse::kDrink, {"여기 {} 주세요", Tail::kNone}},
    {CountUse::kDrink, {"오늘 벌써 {} 마셨어요", Tail::kObject}},
    {CountUse::kDrink, {"{}만 더 주시겠어요", Tail::kNone}},
    {CountUse::kThing, {"{} 주세요", Tail::kNone}},
    {CountUse::kThing, {"어제 {} 샀어요", Tail::kObject}},
    {CountUse::kThing, {"{} 더 필요해요", Tail::kSubject}},
    {CountUse::kThing, {"창고에 {} 있어요", Tail::kSubject}},
    {CountUse::kAnimal, {"우리 집에는 {} 있어요", Tail::kSubject}},
    {CountUse::kAnimal, {"{} 키우고 있어요", Tail::kObject}},
    {CountUse::kAnimal, {"공원에서 {} 봤어요", Tail::kObject}},
    {CountUse::kPerson, {"오늘 모임에 {} 왔어요", Tail::kSubject}},
    {CountUse::kPerson, {"회의실에 {} 기다리고 있어요", Tail::kSubject}},
    {CountUse::kPerson, {"{} 예약했어요", Tail::kSubject}},
    {CountUse::kPlant, {"마당에 {} 심었어요", Tail::kObject}},
    {CountUse::kPlant, {"베란다에 {} 있어요", Tail::kSubject}},
    {CountUse::kFlower, {"엄마께 {} 선물했어요", Tail::kObject}},
    {CountUse::kFlower, {"꽃집에서 {} 샀어요", Tail::kObject}},
};

// Native numbers before a counter, including where Korean switches systems inside one
// sentence: hours native but minutes Sino, ages native but years Sino.
constexpr NumberTemplate kNativeTemplates[] = {
    {"저는 올해 {} 살이에요", 1, 99, 1},
    {"우리 아들은 올해 {} 살이 됐어요", 1, 30, 1},
    {"할머니는 올해 {} 살이세요", 60, 99, 1},
    {"{} 살 때 처음 서울에 왔어요", 3, 60, 1},
    {"동생이랑 저는 {} 살 차이가 나요", 1, 15, 1},
    {"하루에 {} 시간씩 공부해요", 1, 12, 1},
    {"여기서 부산까지 기차로 {} 시간 걸려요", 2, 5, 1},
    {"{} 달 동안 중국어를 배웠어요", 1, 11, 1},
    {"어제 친구한테 {} 번이나 전화했어요", 2, 10, 1},
    {"일주일에 {} 번 운동해요", 1, 7, 1},
    {"이 영화를 벌써 {} 번 봤어요", 2, 10, 1},
    {"우리 반에는 학생이 {} 명 있어요", 10, 35, 1},
};

constexpr const char* kWeekdays[] = {
    "월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일",
};

constexpr DateTemplate kDateTemplates[] = {
    {DateForm::kMonthDayWeekday, "오늘은 {}입니다", 2020, 2030},
    {DateForm::kMonthDay, "제 생일은 {}이에요", 2020, 2030},
    {DateForm::kMonthDayWeekday, "회의는 {}에 있습니다", 2020, 2030},
    {DateForm::kMonthDayWeekday, "서류 제출 마감은 {}까지입니다", 2020, 2030},
    {DateForm::kMonthDay, "개학은 {}이에요", 2020, 2030},
    {DateForm::kMonthDay, "우리는 {}에 이사해요", 2020, 2030},
    {DateForm::kYearMonthDay, "저는 {}에 태어났어요", 1940, 2020},
    {DateForm::kYearMonthDay, "오늘은 {}입니다", 2020, 2030},
    {DateForm::kYearMonthDay, "이 계약은 {}부터 유효합니다", 2015, 2035},
    {DateForm::kYearMonthDay, "그 일은 {}에 있었어요", 1950, 2025},
    {DateForm::kYearMonth, "{}에 결혼했어요", 1970, 2025},
    {DateForm::kYearMonth, "이 가게는 {}에 문을 열었어요", 1960, 2025},
    {DateForm::kYearMonth, "공사는 {}에 끝날 예정입니다", 2026, 2035},
    {DateForm::kWeekday, "다음 주 {}에 만나요", 2020, 2030},
    {DateForm::kWeekday, "이번 주 {}은 쉬는 날이에요", 2020, 2030},
    {DateForm::kWeekday, "매주 {}마다 수영을 배워요", 2020, 2030},
    {DateForm::kWeekday, "택배는 {}에 도착할 거예요", 2020, 2030},
    {DateForm::kDayRange, "{}까지 휴가예요", 2020, 2030},
    {DateForm::kDayRange, "축제는 {}까지 열립니다", 2020, 2030},
};

constexpr TimePeriod kTimePeriods[] = {
    {"오전", 1, 11}, {"오후", 12, 12}, {"아침", 6, 5},  {"낮", 12, 4},
    {"저녁", 5, 5},  {"밤", 8, 5},     {"새벽", 1, 5},
};

constexpr Pattern kTimePatterns[] = {
    {"지금은 {}입니다", Tail::kNone},
    {"{}에 만나요", Tail::kNone},
    {"기차는 {}에 출발합니다", Tail::kNone},
    {"알람을 {} 맞춰 주세요", Tail::kDirection},
    {"가게는 {}에 문을 닫아요", Tail::kNone},
    {"영화는 {}에 시작해요", Tail::kNone},
    {"{}까지 도착해 주세요", Tail::kNone},
    {"매일 {}에 약을 드세요", Tail::kNone},
    {"회의 시간이 {} 바뀌었어요", Tail::kDirection},
    {"비행기는 {}에 도착할 예정입니다", Tail::kNone},
    {"저는 보통 {}에 일어나요", Tail::kNone},
    {"아이는 {}에 학원에서 돌아와요", Tail::kNone},
};

constexpr PriceTemplate kPriceTemplates[] = {
    {"{}입니다", 0, 1},
    {"모두 {}이에요", 0, 1},
    {"이 가방은 {}에 샀어요", 1, 1},
    {"한 달 월세가 {}이에요", 1, 2},
    {"{} 결제되었습니다", 0, 2},
    {"거스름돈 {} 받으세요", 0, 0},
    {"커피 한 잔에 {}이에요", 0, 0},
    {"택시비가 {} 나왔어요", 0, 0},
    {"이 집 전세가 {}이래요", 3, 3},
    {"월급이 {} 올랐어요", 1, 1},
    {"{}짜리 선물을 샀어요", 0, 1},
    {"통장에 {}이 들어왔어요", 1, 2},
    {"중고차를 {}에 팔았어요", 2, 3},
    {"사과 세 개에 {}이에요", 0, 0},
    {"입장료는 어른 한 명에 {}입니다", 0, 0},
    {"올해 매출이 {}을 넘었습니다", 3, 3},
};

constexpr NumberTemplate kForeignMoneyTemplates[] = {
    {"여행 경비로 {} 달러를 환전했어요", 100, 5000, 100},
    {"이 호텔은 하룻밤에 {} 달러예요", 50, 900, 10},
    {"일본에서 라면이 {} 엔이었어요", 500, 2000, 50},
    {"기념품을 {} 유로에 샀어요", 5, 300, 1},
};

constexpr const char* kAreaCodes[] = {
    "02", "031", "032", "033", "041", "042", "043", "051", "052", "053", "054", "055",
    "061", "062", "063", "064",
};

constexpr Pattern kPhonePatterns[] = {
    {"제 전화번호는 {}입니다", Tail::kNone},
    {"{} 연락 주세요", Tail::kDirection},
    {"담당자 번호는 {} 번입니다", Tail::kNone},
    {"문의 사항은 {} 전화 주세요", Tail::kDirection},
    {"제 번호 {}", Tail::kCopula},
    {"사무실 번호가 {} 맞나요", Tail::kNone},
    {"혹시 {} 번으로 전화하셨어요", Tail::kNone},
};

constexpr const char* kEmergencyCalls[] = {
    "불이 나면 바로 일일구에 신고하세요",
    "위급할 때는 일일구로 전화하세요",
    "범죄 신고는 일일이 번으로 해 주세요",
    "길에 쓰러진 사람이 있어서 일일구를 불렀어요",
    "전화번호를 모르면 일일사에 물어보세요",
};

constexpr DigitTemplate kDigitTemplates[] = {
    {{"인증 번호는 {}입니다", Tail::kNone}, {6, 0, 0, 0}},
    {{"인증 번호 {} 입력해 주세요", Tail::kObject}, {6, 0, 0, 0}},
    {{"계좌 번호는 {}입니다", Tail::kNone}, {3, 3, 6, 0}},
    {{"입금하실 계좌는 {}", Tail::kCopula}, {3, 2, 6, 0}},
    {{"카드 번호 마지막 네 자리는 {}입니다", Tail::kNone}, {4, 0, 0, 0}},
    {{"우편번호는 {}", Tail::kCopula}, {5, 0, 0, 0}},
    {{"주문 번호는 {}", Tail::kCopula}, {8, 0, 0, 0}},
    {{"현관 비밀번호는 {}", Tail::kCopula}, {4, 0, 0, 0}},
    {{"송장 번호는 {}입니다", Tail::kNone}, {4, 4, 4, 0}},
    {{"수험 번호 {} 맞으세요", Tail::kNone}, {8, 0, 0, 0}},
    {{"예약 번호는 {}입니다", Tail::kNone}, {4, 4, 0, 0}},
};

constexpr const char* kPlateLetters[] = {
    "가", "나", "다", "라", "마", "거", "너", "더", "러", "머", "버", "서", "어", "저",
    "고", "노", "도", "로", "모", "보", "소", "오", "조", "구", "누", "두", "루", "무",
    "부", "수", "우", "주", "하", "허", "호",
};

constexpr Pattern kPlatePatterns[] = {
    {"제 차 번호는 {}입니다", Tail::kNone},
    {"{} 차주분 차 좀 빼 주세요", Tail::kNone},
    {"주차된 차 번호가 {} 맞으세요", Tail::kNone},
};

}  // namespace

List<const char*> Sentences() { return ListOf(kSentences); }
List<TimeWord> TimeWords() { return ListOf(kTimeWords); }
List<const char*> Subjects() { return ListOf(kSubjects); }
List<Activity> Activities() { return ListOf(kActivities); }
List<Request> Requests() { return ListOf(kRequests); }
List<const char*> RequestOpeners() { return ListOf(kRequestOpeners); }
List<const char*> RequestEndings() { return ListOf(kRequestEndings); }
List<const char*> WeatherDays() { return ListOf(kWeatherDays); }
List<const char*> Regions() { return ListOf(kRegions); }
List<const char*> ForecastWeather() { return ListOf(kForecastWeather); }
List<const char*> ShopItems() { return ListOf(kShopItems); }
List<const char*> Intensifiers() { return ListOf(kIntensifiers); }
List<const char*> ItemComments() { return ListOf(kItemComments); }
List<const char*> Places() { return ListOf(kPlaces); }
List<const char*> Landmarks() { return ListOf(kLandmarks); }
List<const char*> Relations() { return ListOf(kRelations); }
List<Pattern> PlaceQuestions() { return ListOf(kPlaceQuestions); }
List<const char*> BodyParts() { return ListOf(kBodyParts); }
List<const char*> SymptomSince() { return ListOf(kSymptomSince); }
List<const char*> SymptomEndings() { return ListOf(kSymptomEndings); }
List<NumberTemplate> SinoTemplates() { return ListOf(kSinoTemplates); }
List<CountNoun> CountNouns() { return ListOf(kCountNouns); }
List<CountTemplate> CountTemplates() { return ListOf(kCountTemplates); }
List<NumberTemplate> NativeTemplates() { return ListOf(kNativeTemplates); }
List<const char*> Weekdays() { return ListOf(kWeekdays); }
List<DateTemplate> DateTemplates() { return ListOf(kDateTemplates); }
List<TimePeriod> TimePeriods() { return ListOf(kTimePeriods); }
List<Pattern> TimePatterns() { return ListOf(kTimePatterns); }
List<PriceTemplate> PriceTemplates() { return ListOf(kPriceTemplates); }
List<NumberTemplate> ForeignMoneyTemplates() { return ListOf(kForeignMoneyTemplates); }
List<const char*> AreaCodes() { return ListOf(kAreaCodes); }
List<Pattern> PhonePatterns() { return ListOf(kPhonePatterns); }
List<const char*> EmergencyCalls() { return ListOf(kEmergencyCalls); }
List<DigitTemplate> DigitTemplates() { return ListOf(kDigitTemplates); }
List<const char*> PlateLetters() { return ListOf(kPlateLetters); }
List<Pattern> PlatePatterns() { return ListOf(kPlatePatterns); }

}  // namespace sori::ko
