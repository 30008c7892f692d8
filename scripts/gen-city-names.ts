/**
 * Name parts of the generated benchmark city (scripts/gen-city-lib.ts). Fictional, but built the
 * way Chinese place, compound, shop and personal names are built, so trigram search behaves as it
 * would on real data (common parts such as 花园 or 火锅 match many rows, rare ones few).
 */

/** The fictional city: a prefecture-level code under 重庆市 that no real city uses. */
export const PROVINCE = { code: '500000', name: '重庆市' } as const;
export const CITY = { code: '500300', name: '渝州市', lat: 29.82, lng: 106.93 } as const;

/** Districts: GB/T 2260 county digits 01–20 are city districts; weight = relative population. */
export const DISTRICTS = [
  { code: '500301', name: '临江区', weight: 1.5, plate: 'A' },
  { code: '500302', name: '北城区', weight: 1.3, plate: 'B' },
  { code: '500303', name: '南山区', weight: 1.1, plate: 'C' },
  { code: '500304', name: '东港区', weight: 1.0, plate: 'D' },
  { code: '500305', name: '西岭区', weight: 0.9, plate: 'F' },
  { code: '500306', name: '新桥区', weight: 0.8, plate: 'G' },
  { code: '500307', name: '金湾区', weight: 0.7, plate: 'H' },
  { code: '500308', name: '高新区', weight: 0.7, plate: 'J' },
] as const;

/** Town/street names: first × second character, 240 combinations (龙山, 金桥, 青溪 …). */
export const PLACE_FIRST = '龙凤金银青白石桂双新永太长清花玉红天兴万宝安福明'.split('');
export const PLACE_SECOND = '山江桥湾坪溪岭坝林塘'.split('');

export const COMMUNITY_ROOTS = [
  '幸福', '和平', '建设', '人民', '光明', '团结', '胜利', '友谊', '朝阳', '东风',
  '红旗', '滨江', '春晖', '锦绣', '文化', '育才', '康宁', '平安', '民主', '新华',
  '解放', '向阳', '长安', '青年', '工农', '振兴', '繁荣', '先锋', '前进', '跃进',
  '复兴', '桂园', '枫林', '松林', '翠竹', '金凤', '玉带', '北街', '南街', '东街',
];

export const VILLAGE_ROOTS = [
  '柏树', '黄桷', '大田', '石堰', '新桥', '高峰', '长岭', '沙坝', '白果', '团山',
  '金龙', '大湾', '马鞍', '水井', '河嘴', '龙井', '石门', '青杠', '杨柳', '桃园',
  '梨树', '竹林', '双河', '三元', '五里', '七星', '九龙', '天池', '坪上', '堰塘',
  '新店', '老鹰', '岩口', '观音', '凉水', '庙坝', '茶园', '花果', '响水', '红星',
];

/** Residential compound (小区) names: 24 × 10 = 240 (翠湖花园, 阳光家园 …). */
export const COMPOUND_FIRST = [
  '金山', '翠湖', '阳光', '滨江', '锦绣', '紫荆', '碧桂', '华府', '龙湖', '书香', '丽景', '香榭',
  '御景', '绿地', '蓝湾', '天悦', '东方', '盛世', '名都', '金地', '世纪', '万科', '和美', '怡景',
];
export const COMPOUND_SECOND = ['花园', '小区', '苑', '家园', '名城', '雅居', '公寓', '新村', '华庭', '尚城'];

export const ROADS = [
  '人民路', '解放路', '建设路', '中山路', '新华路', '滨江路', '朝阳路', '文化路', '胜利路', '和平路',
  '健康路', '长江路', '嘉陵路', '学府大道', '园丁路', '金开大道', '龙溪路', '桂花街', '科园路', '石油路',
  '渝州大道', '北环路', '南坪街', '东升路', '西城大道', '兴业路', '工业园路', '民生路', '幸福街', '青年路',
];

export const SURNAMES = (
  '王王王李李李张张张刘刘刘陈陈陈杨杨黄黄赵赵吴吴周周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔'
).split('');
export const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红建国志文斌宇浩凯鹏俊帆欣怡子涵梓轩雨婷晨阳思远佳琪海燕春梅德福永庆光荣淑珍'.split('');

/** Trade-name roots of enterprises (渝安, 鑫源 …). */
export const TRADE_ROOTS = [
  '渝安', '鑫源', '恒通', '华能', '金鹏', '永盛', '天然', '顺达', '宏达', '安泰', '瑞丰', '中燃',
  '昌盛', '兴旺', '通达', '隆鑫', '泰和', '鼎盛', '汇丰', '福源', '佳和', '正通', '广源', '聚能',
  '蓝焰', '长宏', '凯旋', '明珠', '旭日', '新奥', '港华', '巴渝', '山城', '三峡', '嘉陵', '大江',
];

/** Enterprise kinds (dictionaries.ts keys) with share of enterprises and name endings. */
export const ENTERPRISE_MIX: readonly { kind: string; share: number; endings: readonly string[] }[] = [
  { kind: 'pipeline_gas', share: 0.01, endings: ['燃气有限公司', '天然气有限责任公司'] },
  { kind: 'bottled_lpg', share: 0.08, endings: ['液化气有限公司', '液化石油气经营部', '燃气有限公司'] },
  { kind: 'filling_station', share: 0.03, endings: ['液化气充装站', '气瓶充装有限公司'] },
  { kind: 'storage_station', share: 0.02, endings: ['燃气储配站', '液化气储配站'] },
  { kind: 'supply_point', share: 0.25, endings: ['液化气供应站', '燃气供应点', '液化气配送站'] },
  { kind: 'vehicle_refuelling', share: 0.04, endings: ['加气站', 'CNG加气站', 'LNG加气站'] },
  { kind: 'hazmat_transport', share: 0.03, endings: ['危险货物运输有限公司', '物流有限公司'] },
  { kind: 'product_maker', share: 0.04, endings: ['燃气具制造有限公司', '气瓶制造有限公司', '阀门有限公司'] },
  { kind: 'product_seller', share: 0.45, endings: ['燃气具经营部', '厨具商行', '五金电器店', '燃气具专卖店'] },
  { kind: 'inspection_agency', share: 0.01, endings: ['特种设备检验所', '检测技术有限公司'] },
  { kind: 'industrial_fuel', share: 0.04, endings: ['新能源燃料有限公司', '醇基燃料经营部'] },
];

/** Venue kinds with share and name endings (a place or trade root goes before). */
export const VENUE_MIX: readonly { kind: string; share: number; endings: readonly string[] }[] = [
  { kind: 'restaurant', share: 0.6, endings: ['火锅', '小面', '串串香', '烤鱼', '中餐馆', '江湖菜', '豆花饭', '烧烤', '冒菜', '米线', '酸菜鱼', '家常菜', '汤锅', '面馆', '饺子馆', '快餐店', '酒楼', '食府'] },
  { kind: 'school', share: 0.02, endings: ['小学', '中学', '实验学校', '职业技术学校'] },
  { kind: 'kindergarten', share: 0.03, endings: ['幼儿园', '双语幼儿园'] },
  { kind: 'training', share: 0.02, endings: ['培训学校', '教育培训中心'] },
  { kind: 'hospital', share: 0.01, endings: ['卫生院', '人民医院', '中医院', '诊所'] },
  { kind: 'mental_health', share: 0.001, endings: ['精神卫生中心'] },
  { kind: 'elderly_home', share: 0.01, endings: ['养老院', '敬老院', '颐养中心'] },
  { kind: 'welfare_home', share: 0.002, endings: ['福利院', '儿童福利院'] },
  { kind: 'elder_canteen', share: 0.015, endings: ['长者食堂', '社区老年食堂'] },
  { kind: 'hotel', share: 0.04, endings: ['宾馆', '大酒店', '快捷酒店'] },
  { kind: 'tourist_site', share: 0.005, endings: ['景区', '森林公园'] },
  { kind: 'religious_site', share: 0.004, endings: ['寺', '教堂'] },
  { kind: 'government_canteen', share: 0.015, endings: ['机关食堂', '街道办食堂'] },
  { kind: 'company_canteen', share: 0.03, endings: ['职工食堂', '员工食堂'] },
  { kind: 'market', share: 0.015, endings: ['农贸市场', '菜市场'] },
  { kind: 'commercial_complex', share: 0.008, endings: ['购物中心', '商业广场'] },
  { kind: 'construction_site', share: 0.02, endings: ['项目工地', '建设工地'] },
  { kind: 'group_rental', share: 0.03, endings: ['出租屋', '公寓'] },
  { kind: 'homestay', share: 0.03, endings: ['民宿', '客栈'] },
  { kind: 'other', share: 0.095, endings: ['洗衣店', '茶楼', '烘焙坊', '加工坊'] },
];

export const CHINESE_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
