/** Word pools for a realistic simulated province (names are made up; groups are QĐ 148/2023). */

export const PRODUCT_GROUPS: ReadonlyArray<{ name: string; items: readonly string[]; priceRange: [number, number] }> = [
  {
    name: 'Thực phẩm',
    items: [
      'Mật ong bạc hà',
      'Tỏi đen',
      'Nước mắm cá cơm',
      'Gạo hữu cơ',
      'Tiêu đen',
      'Bánh đậu xanh',
      'Mắm ruốc',
      'Chả cá',
      'Hạt điều rang muối',
      'Ổi lê',
      'Bưởi da xanh',
      'Mứt gừng',
    ],
    priceRange: [40_000, 450_000],
  },
  {
    name: 'Đồ uống',
    items: ['Trà sen', 'Cà phê Arabica', 'Rượu nếp cẩm', 'Trà shan tuyết', 'Nước cốt chanh dây', 'Chè vằng'],
    priceRange: [60_000, 600_000],
  },
  {
    name: 'Thảo dược',
    items: ['Cao atiso', 'Tinh dầu tràm', 'Sâm dây', 'Trà túi lọc cà gai leo', 'Nghệ mật ong'],
    priceRange: [80_000, 900_000],
  },
  {
    name: 'Vải và may mặc',
    items: ['Thổ cẩm dệt tay', 'Khăn lụa tơ tằm', 'Áo dài gấm'],
    priceRange: [150_000, 2_500_000],
  },
  {
    name: 'Lưu niệm - Nội thất - Trang trí',
    items: ['Nón lá', 'Giỏ mây tre đan', 'Tranh gốm', 'Chiếu cói', 'Đèn lồng'],
    priceRange: [50_000, 1_200_000],
  },
  {
    name: 'Dịch vụ du lịch cộng đồng và điểm du lịch',
    items: ['Tour trải nghiệm làng nghề', 'Homestay sinh thái', 'Tour vườn cây ăn trái'],
    priceRange: [200_000, 1_500_000],
  },
];

export const PLACE_NAMES: readonly string[] = [
  'Cam Lộ',
  'Gio Linh',
  'Hải Lăng',
  'Triệu Phong',
  'Vĩnh Linh',
  'Hướng Hóa',
  'Đa Krông',
  'Cồn Tiên',
  'Khe Sanh',
  'Lao Bảo',
  'Cửa Việt',
  'Cửa Tùng',
  'Ái Tử',
  'Diên Sanh',
  'Bến Quan',
  'Hồ Xá',
  'Tân Lâm',
  'Hải Thượng',
  'Triệu Thành',
  'Vĩnh Thủy',
  'Gio Châu',
  'Hướng Phùng',
  'Ba Lòng',
  'Mỹ Thủy',
];

export const FAMILY_NAMES: readonly string[] = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
];
export const GIVEN_NAMES: readonly string[] = [
  'Văn Hùng',
  'Thị Hoa',
  'Minh Tuấn',
  'Thị Lan',
  'Đức Anh',
  'Thị Thu Hà',
  'Quốc Bảo',
  'Thị Mai',
];

export const PRODUCER_PREFIX: Record<string, string> = {
  firm: 'Công ty TNHH',
  cooperative: 'HTX',
  cooperative_group: 'Tổ hợp tác',
  household: 'Hộ kinh doanh',
};

/** URL slug the way Vietnamese shops make them: no diacritics, đ → d, hyphens. */
/** Accents and case folded away, đ to d: how the sandbox's search and slugs compare words. */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/gu, 'd')
    .toLowerCase();
}

export function slugify(text: string): string {
  return foldVietnamese(text)
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-|-$/gu, '');
}
